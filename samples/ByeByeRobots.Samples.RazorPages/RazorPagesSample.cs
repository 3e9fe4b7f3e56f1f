namespace ByeByeRobots.Samples.RazorPages;

/// <summary>Names this sample's assembly for its end-to-end test (WebApplicationFactory).</summary>
public sealed class RazorPagesSample;
