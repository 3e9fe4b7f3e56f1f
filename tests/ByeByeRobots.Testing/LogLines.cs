using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ByeByeRobots.Testing;

/// <summary>Every log line written while attached (<c>ILoggerFactory.AddProvider</c>): its event id, message and exception.</summary>
public sealed class LogLines : ILoggerProvider
{
    public ConcurrentQueue<(EventId Event, string Message, Exception? Exception)> Lines { get; } = new();

    public IEnumerable<string> Messages => Lines.Select(line => line.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(EventId, string, Exception?)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((eventId, formatter(state, exception), exception));
    }
}
