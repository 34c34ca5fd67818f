using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Commands;
using Momentary.Host.Configuration;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Engine;

/// <summary>
/// Runs the engine inside the generic host: loads venues and rules (an invalid file stops start-up with its
/// errors), starts consuming, and on SIGTERM/Ctrl-C drains in-flight work and commits within the drain bound.
/// A failed stream (e.g. a fatal producer error) stops the host with a clear message.
/// </summary>
public sealed partial class EngineService(
    IOptions<MomentaryOptions> options,
    ICustomerContextStore store,
    TimeProvider time,
    EngineState state,
    IHostApplicationLifetime lifetime,
    ILogger<EngineService> logger) : BackgroundService
{
    private MomentaryEngine? _engine;
    private RulesWatcher? _rules;
    private FenceIndexProvider? _venues;
    private EngineStateCache? _cache;

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
            // A broken file stops start-up with every error listed, and nothing else: no stack trace to wade through.
            LogInvalidConfiguration(logger, ex.Message);
            Environment.ExitCode = 2;
            state.MarkFailed();
            lifetime.StopApplication();
            return;
        }

        var pipeline = new PipelineSettings
        {
            OfferTopic = o.Kafka.OfferTopic,
            DeadLetterTopic = o.Kafka.DeadLetterTopic,
            ControlTopic = o.Kafka.ControlTopic,
            ParallelismPerPartition = o.ParallelismPerPartition,
        };
        // The in-process cache only pays off in front of a shared store; the in-memory store is already in process.
        var settings = EngineSettingsFactory.FromOptions(o, pipeline);
        var engineStore = store;
        if (store is RetryingRedisStore redis && o.Redis.CacheCustomers > 0)
        {
            _cache = EngineStateCache.Attach(store, redis.Redis, new CachingContextStoreOptions { MaxCustomers = o.Redis.CacheCustomers, ProfileTtl = o.Redis.ProfileCacheTtl });
            engineStore = _cache.Store;
            settings = _cache.Apply(settings);
        }

        var processor = new SignalProcessor(engineStore, () => _rules.Current, new Geofencer(() => _venues.Current, new GeofenceSettings()), time, pipeline);
        _engine = MomentaryEngine.Start(settings, processor);
        state.MarkRunning();
        LogStarted(logger, o.Kafka.GroupId, string.Join(",", o.Kafka.SignalTopics), catalog.Venues.Count, _rules.Current.RuleIds.Count);
        try
        {
            await _engine.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (state.Status == "draining")
            {
                return; // the drain in StopAsync completed the stream: a normal stop
            }

            LogStreamEnded(logger);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // normal shutdown: StopAsync drains
        }
        catch (Exception ex)
        {
            state.MarkFailed();
            LogStreamFailed(logger, ex);
            Environment.ExitCode = 1;
        }

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

            await _engine.DisposeAsync().ConfigureAwait(false);
        }

        _rules?.Dispose();
        _venues?.Dispose();
        _cache?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

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
