using System.ComponentModel.DataAnnotations;
using ByeByeRobots.Api.Diagnostics;
using Microsoft.Extensions.Options;

namespace ByeByeRobots.Api.Hosting;

/// <summary>
/// Options that follow the configuration at run time, validated on every change: an invalid
/// change is logged and ignored, the last good value stays in force. At startup an invalid
/// value stops the service. No validator is registered with the options system itself, so
/// <see cref="IOptionsMonitor{TOptions}"/> never throws on a bad edit.
/// </summary>
internal sealed class ReloadableOptions<T> : IDisposable
    where T : class
{
    private readonly IDisposable? _subscription;
    private volatile T _value;

    public ReloadableOptions(IOptionsMonitor<T> monitor, string section, Func<T, IReadOnlyList<string>> validate, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var errors = validate(monitor.CurrentValue);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(T), errors);
        }

        _value = monitor.CurrentValue;
        _subscription = monitor.OnChange(changed =>
        {
            var problems = validate(changed);
            if (problems.Count > 0)
            {
                Log.SettingsChangeRejected(logger, section, string.Join(" ", problems));
                return;
            }

            _value = changed;
            Changed?.Invoke(changed);
        });
    }

    /// <summary>Raised after a valid change has taken effect.</summary>
    public event Action<T>? Changed;

    public T Value => _value;

    public void Dispose() => _subscription?.Dispose();

    /// <summary>The data-annotation errors of <paramref name="options"/>, prefixed with its section.</summary>
    public static IReadOnlyList<string> Annotations(T options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }
}

internal static class ReloadableOptionsExtensions
{
    public static IServiceCollection AddReloadableOptions<T>(this IServiceCollection services, string section, Func<T, IReadOnlyList<string>>? validate = null)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section);
        services.AddSingleton(sp => new ReloadableOptions<T>(
            sp.GetRequiredService<IOptionsMonitor<T>>(),
            section,
            validate ?? (options => ReloadableOptions<T>.Annotations(options, section)),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("ByeByeRobots.Configuration")));
        return services;
    }
}
