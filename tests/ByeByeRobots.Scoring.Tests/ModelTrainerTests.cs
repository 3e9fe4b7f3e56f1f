using System.IO.Compression;
using ByeByeRobots.Training;

namespace ByeByeRobots.Scoring.Tests;

public class ModelTrainerTests
{
    [Fact]
    public void SameSeed_WritesTheSameModel_AndAnotherSeedAnother()
    {
        var directory = Directory.CreateTempSubdirectory("bbr-train-").FullName;
        try
        {
            var first = Trained(seed: 3, Path.Combine(directory, "first.zip"));
            var again = Trained(seed: 3, Path.Combine(directory, "again.zip"));
            var other = Trained(seed: 4, Path.Combine(directory, "other.zip"));

            // The zip's entry times are the clock's; everything inside must be byte for byte the same.
            again.Entries.Should().Equal(first.Entries);
            again.Metrics.Should().Be(first.Metrics);
            other.Entries.Should().NotEqual(first.Entries, "another seed generates other sessions");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (List<string> Entries, string Metrics) Trained(int seed, string path)
    {
        var result = ModelTrainer.Train(seed, humans: 300, bots: 300);
        ModelTrainer.Save(result.Model, path);
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal).Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return $"{e.FullName}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(copy.ToArray()))}";
        }).ToList();
        return (entries, result.Metrics);
    }
}
