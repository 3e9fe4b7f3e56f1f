namespace ByeByeRobots.Samples.MinimalApi;

/// <summary>Names this sample's assembly for its end-to-end test (WebApplicationFactory).</summary>
public sealed class MinimalApiSample;
