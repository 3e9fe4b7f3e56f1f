namespace ByeByeRobots.Api.Http;

/// <summary>The languages of the pages the service serves (the widget's five: <c>?lang=…</c>); French when the request names another.</summary>
internal static class PageLanguages
{
    public static IReadOnlyList<string> All { get; } = ["fr", "de", "lb", "en", "pt"];

    public static string Of(string? requested) => requested is not null && All.Contains(requested) ? requested : "fr";
}
