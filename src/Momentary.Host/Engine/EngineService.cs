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
using Momentary.Kafka;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Host.Engine;

/// <summary>
/// Runs the engine inside the generic host: loads venues and rules (an invalid file stops start-up with its
/// errors), starts consuming, and on SIGTERM/Ctrl-C drains in-flight work and commits within the drain bound.
/// A failed stream (e.g. a fatal producer error) stops the host with a clear message.
/// </summary>
public sealed partial class EngineService(
    IOptions<MomentaryOptions> options,
    IContextStoreRuntime contextStore,
    TimeProvider time,
    EngineState state,
    IHostApplicationLifetime lifetime,
    ILogger<EngineService> logger) : BackgroundService
{
    private MomentaryEngine? _engine;
    private RulesWatcher? _rules;
    private FenceIndexProvider? _venues;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        VenueCatalog catalog;
        try
        {
            _venues = new FenceIndexProvider(o.VenuesFile, problem => LogVenuesRejected(logger, problem));
            catalog = _venues.Current.Catalog;
            _rules = new RulesWatcher(o.RulesFile, catalog.Venues, logger);
        }
        catch (Exception ex) when (ex is VenueFileException or RuleFileException)
        {
            FailStart(ex.Message); // every error listed, and nothing else: no stack trace to wade through
            return;
        }

        var settings = EngineSettingsFactory.FromOptions(o);
        settings = settings with { Consumer = settings.Consumer with { AssignmentChanged = contextStore.TasksChanged } };
        contextStore.WritesRefused += OnWritesRefused;
        var processor = new SignalProcessor(contextStore.Store, () => _rules.Current, new Geofencer(() => _venues.Current, new GeofenceSettings()), time, settings.Pipeline);
        try
        {
            _engine = MomentaryEngine.Start(settings, processor);
        }
        catch (Exception ex) when (ex is CoPartitioningException or KafkaException)
        {
            FailStart(ex.Message); // the topics break the partitioning contract, or no broker answered
            return;
        }

        state.MarkRunning();
        LogStarted(logger, o.Kafka.GroupId, string.Join(",", settings.SignalTopics), catalog.Venues.Count, _rules.Current.RuleIds.Count);
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
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

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
        Environment.ExitCode = 2;
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

        _rules?.Dispose();
        _venues?.Dispose();
        contextStore.WritesRefused -= OnWritesRefused;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} state write(s) fenced off: another process owns their customers' task now (a rebalance moved it, or this process was paused past its session); their cached state was dropped")]
    private static partial void LogFenced(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Venues file rejected; the running fences stay: {Problem}")]
    private static partial void LogVenuesRejected(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Momentary cannot start: {Errors}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Momentary started: group {GroupId}, topics {Topics}, {Venues} venue(s), {Rules} rule(s)")]
    private static partial void LogStarted(ILogger logger, string groupId, string topics, int venues, int rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The signal stream ended")]
    private static partial void LogStreamEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The signal stream failed; stopping the host")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained in-flight work and committed offsets")]
    private static partial void LogDrained(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drain did not finish within {Timeout}; uncommitted signals will be reprocessed by the next owner")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan timeout);
}
