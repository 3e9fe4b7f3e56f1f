namespace ByeByeRobots.Scoring.Model;

/// <summary><c>ByeByeRobots:Model</c>: which humanity model scores the verifies.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "ByeByeRobots:Model";

    /// <summary>
    /// A model file written by <c>ByeByeRobots.Training train</c>; empty: the embedded model.
    /// The file is reloaded when it changes; a file that does not load leaves the last good
    /// model in force.
    /// </summary>
    public string? Path { get; set; }
}
