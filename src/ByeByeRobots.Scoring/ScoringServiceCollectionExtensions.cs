using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Scoring.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByeByeRobots.Scoring;

/// <summary>Registers the service's <see cref="IHumanityScorer"/>.</summary>
public static class ScoringServiceCollectionExtensions
{
    /// <summary>The setting that chooses the scorer: <c>model</c> (the default) or <c>rules</c>.</summary>
    public const string ScorerKey = "ByeByeRobots:Scoring:Scorer";

    /// <summary>
    /// The humanity model (<see cref="ModelScorer"/>, reading <c>ByeByeRobots:Model</c>), or, with
    /// <c>ByeByeRobots:Scoring:Scorer</c> set to <c>rules</c>, the rule-based <see cref="RuleBasedScorer"/>
    /// (a fallback for the security team). The choice is read once, at startup.
    /// </summary>
    public static IServiceCollection AddHumanityScorer(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName);
        services.AddSingleton<ModelScorer>();
        services.AddSingleton<RuleBasedScorer>();
        return services.AddSingleton<IHumanityScorer>(provider =>
        {
            var scorer = provider.GetRequiredService<IConfiguration>()[ScorerKey];
            if (string.IsNullOrEmpty(scorer) || string.Equals(scorer, "model", StringComparison.OrdinalIgnoreCase))
            {
                return provider.GetRequiredService<ModelScorer>();
            }

            return string.Equals(scorer, "rules", StringComparison.OrdinalIgnoreCase)
                ? provider.GetRequiredService<RuleBasedScorer>()
                : throw new InvalidOperationException($"{ScorerKey} must be 'model' or 'rules', not '{scorer}'.");
        });
    }
}
