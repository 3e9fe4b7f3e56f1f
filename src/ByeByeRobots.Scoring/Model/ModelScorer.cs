using ByeByeRobots.Core.Scoring;
using ByeByeRobots.Core.Signals;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ByeByeRobots.Scoring.Model;

/// <summary>
/// The service's <see cref="IHumanityScorer"/>: a browser that declares automation
/// (<c>navigator.webdriver</c>) scores 0, anything else is the model's. (A session without any
/// input is not special here: it is its own evidence class, decided before the score.)
/// The model is the embedded one, or the file named by <c>ByeByeRobots:Model:Path</c>,
/// reloaded when the file or the setting changes; a file that fails to load is logged and the
/// last good model stays.
/// </summary>
public sealed partial class ModelScorer : IHumanityScorer, IDisposable
{
    private readonly ILogger<ModelScorer> _logger;
    private readonly IDisposable? _optionsSubscription;
    private readonly Lock _gate = new();
    private HumanityModel _model;
    private string? _path;
    private PhysicalFileProvider? _files;
    private IDisposable? _fileSubscription;

    public ModelScorer(IOptionsMonitor<ModelOptions> options, ILogger<ModelScorer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _model = HumanityModel.LoadEmbedded();
        Use(options.CurrentValue.Path, startup: true);
        _optionsSubscription = options.OnChange(o => Use(o.Path, startup: false));
    }

    /// <summary>A scorer over a given model, for tools and benchmarks.</summary>
    public ModelScorer(HumanityModel model, ILogger<ModelScorer> logger)
    {
        _model = model;
        _logger = logger;
    }

    public string Name => "model:" + _model.Name;

    public HumanityModel Model => _model;

    public ScoreResult Score(InteractionSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Env.Webdriver)
        {
            return new ScoreResult(0, [new ScoreContribution("env.webdriver", -1, "high")]);
        }

        return _model.Score(signals);
    }

    public void Dispose()
    {
        _optionsSubscription?.Dispose();
        lock (_gate)
        {
            _fileSubscription?.Dispose();
            _files?.Dispose();
        }
    }

    private void Use(string? path, bool startup)
    {
        path = string.IsNullOrWhiteSpace(path) ? null : System.IO.Path.GetFullPath(path);
        lock (_gate)
        {
            if (path == _path && !startup)
            {
                return;
            }

            _fileSubscription?.Dispose();
            _files?.Dispose();
            _fileSubscription = null;
            _files = null;
            _path = path;
            if (path is null)
            {
                _model = HumanityModel.LoadEmbedded();
                LogModelInUse(_logger, _model.Name);
                return;
            }

            var directory = System.IO.Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                if (startup)
                {
                    throw new InvalidOperationException($"ByeByeRobots:Model:Path: the directory of {path} does not exist.");
                }

                LogModelRefused(_logger, path, new DirectoryNotFoundException(directory));
                return;
            }

            _files = new PhysicalFileProvider(directory);
            var name = System.IO.Path.GetFileName(path);
            _fileSubscription = ChangeToken.OnChange(() => _files.Watch(name), () => Reload(path));
        }

        if (!Reload(path) && startup)
        {
            throw new InvalidOperationException($"ByeByeRobots:Model:Path: the model file {path} could not be loaded.");
        }
    }

    private bool Reload(string path)
    {
        try
        {
            var model = HumanityModel.LoadFile(path);
            lock (_gate)
            {
                if (path != _path)
                {
                    return true;
                }

                _model = model;
            }

            LogModelInUse(_logger, model.Name);
            return true;
        }
#pragma warning disable CA1031 // Any failure to load a model file keeps the last good model.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogModelRefused(_logger, path, exception);
            return false;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Humanity model in use: {Model}")]
    private static partial void LogModelInUse(ILogger logger, string model);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "The model file {Path} could not be loaded; the last good model stays in force")]
    private static partial void LogModelRefused(ILogger logger, string path, Exception exception);
}
