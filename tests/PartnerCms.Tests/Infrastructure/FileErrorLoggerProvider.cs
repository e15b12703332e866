using Microsoft.Extensions.Logging;

namespace PartnerCms.Tests.Infrastructure;

/// <summary>Appends what the portal logs at Error and above to a file (set PARTNERCMS_TEST_ERRORLOG to use it).</summary>
public sealed class FileErrorLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, path);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, string path) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}");
            }
        }
    }
}
