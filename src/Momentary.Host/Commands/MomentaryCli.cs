using System.CommandLine;
using Momentary.Core.Context;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Redis.Runtime;

namespace Momentary.Host.Commands;

/// <summary>The <c>momentary</c> command line: one subcommand per job; each is a thin call into a library class.</summary>
internal static class MomentaryCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Momentary: real-time contextual offers from Kafka signal streams.");
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(Run());
        root.Subcommands.Add(Rules());
        root.Subcommands.Add(DevCluster());
        root.Subcommands.Add(Erase());
        root.Subcommands.Add(Context());
        root.Subcommands.Add(ReferralsCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        return root;
    }

    private static Command Demo()
    {
        var redis = new Option<string?>("--redis") { Description = "Use a real Redis at HOST:PORT instead of the in-memory store." };
        var command = new Command("demo", "Play Jane's walk through an embedded Kafka cluster and print the offers she gets, with latency.") { redis };
        command.SetAction(async (result, ct) =>
        {
            var endpoint = result.GetValue(redis);
            var time = TimeProvider.System;
            if (endpoint is null)
            {
                return await new DemoRunner(Console.Out, time).RunAsync(new InMemoryContextStore(), "in-memory", ct).ConfigureAwait(false);
            }

            using var redisStore = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(endpoint), time);
            return await new DemoRunner(Console.Out, time).RunAsync(redisStore.Store, $"redis at {endpoint}", ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Run()
    {
        var command = new Command("run", "Run the processor against Kafka and Redis from appsettings.json and environment variables (Momentary__Kafka__BootstrapServers, ...).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => RunCommand.RunAsync([.. result.UnmatchedTokens], ct));
        return command;
    }

    private static Option<string> RedisOption() =>
        new("--redis") { Description = "StackExchange.Redis configuration (default: Momentary__Redis__Configuration, else localhost:6379).", DefaultValueFactory = _ => ContextCommands.DefaultRedis };

    private static Command Erase()
    {
        var customer = new Option<string>("--customer") { Description = "The customer id to erase.", Required = true };
        var redis = RedisOption();
        var command = new Command("erase", "Remove every key of a customer from Redis, including entries about them in friends' keys (right to erasure).") { customer, redis };
        command.SetAction(async (result, ct) =>
        {
            using var store = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(result.GetValue(redis)!), TimeProvider.System);
            return await ContextCommands.EraseAsync(store.Store, result.GetValue(customer)!, Console.Out, Console.Error, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Context()
    {
        var file = new Argument<FileInfo>("file") { Description = "NDJSON of profiles, friendships and check-ins (docs/context-store.md)." };
        var redis = RedisOption();
        var load = new Command("load", "Bulk-load customer context into Redis; bad lines are reported with their numbers and skipped.") { file, redis };
        load.SetAction(async (result, ct) =>
        {
            using var store = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(result.GetValue(redis)!), TimeProvider.System);
            return await ContextCommands.LoadAsync(store.Store, result.GetValue(file)!, Console.Out, Console.Error, ct).ConfigureAwait(false);
        });
        var context = new Command("context", "Work with customer context.");
        context.Subcommands.Add(load);
        return context;
    }

    private static Command DevCluster()
    {
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic (default 12).", DefaultValueFactory = _ => 12 };
        var command = new Command("dev-cluster", "Start an embedded Kafka-protocol cluster (librdkafka mock brokers) with Momentary's topics, print its bootstrap servers, and run until Ctrl-C. For local development of `run`; not a real broker.") { partitions };
        command.SetAction(async (result, ct) =>
        {
            using var cluster = Kafka.Embedded.MockKafkaCluster.Start(brokers: 3);
            cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
            foreach (var topic in Core.Messaging.TopicNames.All)
            {
                cluster.CreateTopic(topic, result.GetValue(partitions));
            }

            Console.Out.WriteLine(cluster.BootstrapServers);
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }

    private static Command Backtest()
    {
        var rulesFile = new Option<FileInfo>("--rules") { Description = "The rules file (YAML).", Required = true };
        var signals = new Option<FileInfo>("--signals") { Description = "Recorded signals, NDJSON (contract v1), replayed in event time.", Required = true };
        var context = new Option<FileInfo>("--context") { Description = "Customer context, NDJSON (profiles, friendships, check-ins).", Required = true };
        var venues = new Option<FileInfo>("--venues") { Description = "Venues GeoJSON.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the would-be offers here as NDJSON (default: after the summary on standard output)." };
        var trace = new Option<FileInfo?>("--trace") { Description = "Write every signal's decision trace here, one JSON object per line (see momentary explain)." };
        var command = new Command("backtest", "Replay recorded signals through the rules with an in-memory store; prints per-rule counts (fired, capped, held out, issued) and the would-be offers. Deterministic.") { rulesFile, signals, context, venues, output, trace };
        command.SetAction((result, ct) => RulesCommands.BacktestAsync(result.GetValue(rulesFile)!, result.GetValue(signals)!, result.GetValue(context)!, result.GetValue(venues)!, result.GetValue(output), Console.Out, ct, result.GetValue(trace)));
        return command;
    }

    private static Command Rules()
    {
        var rules = new Command("rules", "Work with rules files.");
        var file = new Argument<FileInfo>("file") { Description = "The rules file (YAML)." };
        var venues = new Option<FileInfo?>("--venues") { Description = "Venues GeoJSON the rules refer to (default: the demo mall)." };
        var validate = new Command("validate", "Check a rules file; prints every error as file:line:column: problem (hint).") { file, venues };
        validate.SetAction(result => RulesCommands.Validate(result.GetValue(file)!, result.GetValue(venues), Console.Out));
        rules.Subcommands.Add(validate);
        rules.Subcommands.Add(Backtest());
        return rules;
    }
}
