using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>Keeps the app's warnings and errors so a failing test can show what the server logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    /// <summary>Every warning or error, with its exception.</summary>
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
