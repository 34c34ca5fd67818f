using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Momentary.Core.Context;
using Momentary.Host.Engine;
using Momentary.Redis.Resilience;
using Momentary.Redis.Runtime;

namespace Momentary.Host.Commands;

/// <summary>
/// <c>momentary referrals --customer ID</c>: a sharer's referral statement from Redis — earnings per UTC month and each
/// purchase credited to them (by purchase id; never who bought). Support desks answer "what did my link earn me?" with it.
/// </summary>
internal static class ReferralsCommand
{
    /// <summary>The <c>referrals</c> subcommand.</summary>
    public static Command Create()
    {
        var customer = new Option<string>("--customer") { Description = "The sharer's customer id.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the statement as one JSON object instead of text." };
        var redis = new Option<string>("--redis") { Description = "StackExchange.Redis configuration (default: Momentary__Redis__Configuration, else localhost:6379).", DefaultValueFactory = _ => ContextCommands.DefaultRedis };
        var command = new Command("referrals", "Print a customer's referral statement: earnings per month and every purchase credited through their links.") { customer, json, redis };
        command.SetAction(async (result, ct) =>
        {
            using var store = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(result.GetValue(redis)!), TimeProvider.System);
            return await StatementAsync(store.Store, result.GetValue(customer)!, result.GetValue(json), Console.Out, Console.Error, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Writes the statement of <paramref name="customerId"/>; 0 when written, 1 when Redis did not answer.</summary>
    public static async Task<int> StatementAsync(ICustomerContextStore store, string customerId, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ReferralStatement statement;
        try
        {
            statement = await store.LoadReferralStatementAsync(customerId, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (RetryingContextStore.IsTransient(ex))
        {
            error.WriteLine($"momentary referrals: Redis did not answer within {EngineSettingsFactory.ToolPatience.TotalSeconds:0} s (--redis, or Momentary__Redis__Configuration): {ex.GetType().Name}");
            return ExitCodes.Failure;
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, statement);
            }

            output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            output.Write('\n');
            return ExitCodes.Success;
        }

        output.WriteLine($"referral statement of {statement.CustomerId}: {statement.Credits.Count} credited purchase(s)");
        foreach (var month in statement.Months)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{month.Month}  earned {month.Earnings,10:0.00}"));
        }

        foreach (var credit in statement.Credits)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {credit.At.UtcDateTime:yyyy-MM-dd HH:mm}Z  purchase {credit.PurchaseId}  +{credit.Credited:0.00}"));
        }

        return ExitCodes.Success;
    }

    private static void Write(Utf8JsonWriter w, ReferralStatement statement)
    {
        w.WriteStartObject();
        w.WriteString("customerId", statement.CustomerId);
        w.WriteStartArray("months");
        foreach (var month in statement.Months)
        {
            w.WriteStartObject();
            w.WriteString("month", month.Month);
            w.WriteNumber("earnings", month.Earnings);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("credits");
        foreach (var credit in statement.Credits)
        {
            w.WriteStartObject();
            w.WriteString("purchaseId", credit.PurchaseId);
            w.WriteString("month", credit.Month);
            w.WriteNumber("credited", credit.Credited);
            w.WriteString("at", credit.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
