namespace ByeByeRobots.Api.Hosting;

/// <summary>
/// <c>dotnet ByeByeRobots.Api.dll probe [url]</c>: a container's health check where the image has
/// no shell or curl. Asks <c>/healthz</c> (or the URL given) and exits 0 on a 2xx answer within
/// 3 s, 1 otherwise. Host filtering applies: the URL's host must be in <c>AllowedHosts</c>
/// (<c>localhost</c> is by default).
/// </summary>
internal static class HealthProbe
{
    public const string Command = "probe";

    private const string DefaultUrl = "http://localhost:8080/healthz";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"probe: '{url}' is not an http(s) URL.");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(uri);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"probe: {uri} answered {(int)response.StatusCode}.");
            return 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"probe: {uri} did not answer: {exception.Message}");
            return 1;
        }
    }
}
