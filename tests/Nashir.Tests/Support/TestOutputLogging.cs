using Microsoft.Extensions.Logging;
using Xunit;

namespace Nashir.Tests.Support;

/// <summary>Writes what the app logs (warnings and up, see NashirApp) into the output of the test that caused it.</summary>
public sealed class TestOutputLogging : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (TestContext.Current.TestOutputHelper is not { } output) return;
            try
            {
                output.WriteLine($"[app {logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test that started this background work has finished; nobody is listening.
            }
        }
    }
}
