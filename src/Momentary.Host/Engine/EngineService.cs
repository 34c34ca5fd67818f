using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Reloading;
using Momentary.Host.Configuration;
using Momentary.Host.Marketers;
using Momentary.Kafka;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Host.Engine;

/// <summary>
/// Runs the engine inside the generic host: loads venues and rules (an invalid file stops start-up with its
/// errors), starts consuming, and on SIGTERM/Ctrl-C drains in-flight work and commits within the drain bound.
/// A failed stream (e.g. a fatal producer error) stops the host with a clear message.
/// </summary>
internal sealed partial class EngineService(
    IOptions<MomentaryOptions> options,
    IContextStoreRuntime contextStore,
    TimeProvider time,
    EngineState state,
    IHostApplicationLifetime lifetime,
    ILogger<EngineService> logger,
    RecentSignals? recent = null) : BackgroundService
{
    private MomentaryEngine? _engine;
    private EngineFiles? _files;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start in the background, so the host (and /health, which says "starting") is up while files load and the
        // brokers are asked for metadata.
        await Task.Yield();
        var o = options.Value;
        EngineFiles files;
        try
        {
            _files = files = EngineFiles.Load(o.RulesFile, o.VenuesFile, logger, time);
        }
        catch (Exception ex) when (ex is VenueFileException or RuleFileException)
        {
            FailStart(ex.Message); // every error listed, and nothing else: no stack trace to wade through
            return;
        }

        state.RulesLoaded(files.RulesInForce);
        files.Applied += state.RulesLoaded;
        files.Reloaded += state.Reloaded;
        files.Watch(o.ReloadPollInterval);

        var settings = EngineSettingsFactory.FromOptions(o);
        settings = settings with
        {
            Consumer = settings.Consumer with { AssignmentChanged = contextStore.TasksChanged, OnLog = KafkaLog, OnError = KafkaError },
            Producer = settings.Producer with { OnLog = KafkaLog, OnError = KafkaError },
        };
        contextStore.WritesRefused += OnWritesRefused;
        var geofencer = new Geofencer(() => files.Venues, new GeofenceSettings());
        var processor = new SignalProcessor(contextStore.Store, () => files.Rules, geofencer, time, settings.Pipeline) { Decided = recent is null ? null : recent.Record };
        recent?.Attach(() => files.Rules, geofencer, settings.Pipeline);
        try
        {
            _engine = MomentaryEngine.Start(settings, processor);
        }
        catch (CoPartitioningException ex)
        {
            FailStart(ex.Message); // the topics break the partitioning contract
            return;
        }
        catch (KafkaException ex)
        {
            FailStart($"no Kafka broker answered at {o.Kafka.BootstrapServers} (Momentary__Kafka__BootstrapServers): {ex.Error.Reason}");
            return;
        }

        var engine = _engine;
        state.MarkRunning(() => engine.Consumer);
        LogStarted(logger, o.Kafka.GroupId, string.Join(",", settings.SignalTopics), files.RulesInForce.Rules, files.RulesInForce.Hash);
        try
        {
            await _engine.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (state.Status == EngineStatus.Draining)
            {
                return; // the drain in StopAsync completed the stream: a normal stop
            }

            LogStreamEnded(logger);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // normal shutdown: StopAsync drains
        }
        catch (Exception) when (state.Status == EngineStatus.Draining)
        {
            return; // the stream was torn down by the stop itself, after its drain: a normal stop
        }
        catch (Exception ex)
        {
            state.MarkFailed();
            LogStreamFailed(logger, ex);
            Environment.ExitCode = Commands.ExitCodes.Failure;
        }

        lifetime.StopApplication();
    }

    // librdkafka's log lines at their own level (syslog severities: 0-3 error, 4 warning, 5-6 information, 7 debug).
    private void KafkaLog(LogMessage log)
    {
        var level = log.Level switch
        {
            <= SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        LogKafka(logger, level, log.Name, log.Facility, log.Message);
    }

    // Client errors: transient ones are retried inside librdkafka and only reported; a fatal one stops the engine.
    private void KafkaError(Error error) =>
        LogKafkaError(logger, error.IsFatal ? LogLevel.Critical : LogLevel.Warning, error.Code, error.IsFatal, error.Reason);

    // Writes refused at a flush: counted, and logged when fenced (no customer ids).
    private void OnWritesRefused(int fenced, int noProfile)
    {
        PipelineTelemetry.CountRefusedWrites(StateWriteOutcome.Fenced, fenced);
        PipelineTelemetry.CountRefusedWrites(StateWriteOutcome.NoProfile, noProfile);
        if (fenced > 0)
        {
            LogFenced(logger, fenced);
        }
    }

    // A start-up failure: one message naming what to fix, exit code 2.
    private void FailStart(string message)
    {
        LogInvalidConfiguration(logger, message);
        Environment.ExitCode = Commands.ExitCodes.InvalidConfiguration;
        state.MarkFailed();
        lifetime.StopApplication();
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        state.MarkDraining();
        if (_engine is not null)
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(options.Value.DrainTimeout);
            try
            {
                await _engine.StopAsync(bound.Token).ConfigureAwait(false);
                LogDrained(logger);
            }
            catch (OperationCanceledException)
            {
                LogDrainTimedOut(logger, options.Value.DrainTimeout);
            }

            // The drained source completes the stream; let that finish before the actor system goes.
            await Task.WhenAny(_engine.Completion, Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None)).ConfigureAwait(false);
            await _engine.DisposeAsync().ConfigureAwait(false);
        }

        _files?.Dispose();
        contextStore.WritesRefused -= OnWritesRefused;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} state write(s) fenced off: another process owns their customers' task now (a rebalance moved it, or this process was paused past its session); their cached state was dropped")]
    private static partial void LogFenced(ILogger logger, int count);

    [LoggerMessage(Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void LogKafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(Message = "Kafka client error {Code} (fatal: {Fatal}): {Reason}")]
    private static partial void LogKafkaError(ILogger logger, LogLevel level, ErrorCode code, bool fatal, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Momentary cannot start: {Errors}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Momentary started: group {GroupId}, topics {Topics}, {Rules} rule(s) in force (sha256 {RulesHash})")]
    private static partial void LogStarted(ILogger logger, string groupId, string topics, int rules, string rulesHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The signal stream ended")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The signal stream failed; stopping the host")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained in-flight work and committed offsets")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain did not finish within {Timeout}; uncommitted signals will be reprocessed by the next owner")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);
}
