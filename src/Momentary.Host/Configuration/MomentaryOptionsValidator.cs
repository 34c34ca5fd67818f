using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;
using Momentary.Core.Messaging;

namespace Momentary.Host.Configuration;

/// <summary>
/// Validates <see cref="MomentaryOptions"/> whole, nested options included (the data-annotations validation of the
/// options framework stops at the top level), and reports one message per problem, each naming the environment
/// variable to fix (<c>Momentary__Kafka__BootstrapServers: ...</c>). Runs at start-up, before anything connects.
/// </summary>
internal sealed class MomentaryOptionsValidator : IValidateOptions<MomentaryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MomentaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Collect(options, MomentaryOptions.Section, failures);
        if (string.IsNullOrWhiteSpace(options.Kafka.BootstrapServers) is false && options.Kafka.BootstrapServers.Split(',').Any(s => !s.Contains(':', StringComparison.Ordinal)))
        {
            failures.Add($"{MomentaryOptions.Section}__Kafka__BootstrapServers: '{options.Kafka.BootstrapServers}' is not a list of host:port");
        }

        if (options.Kafka.MaxPollInterval < options.Kafka.AssignmentBound / 10)
        {
            failures.Add($"{MomentaryOptions.Section}__Kafka__MaxPollInterval: must be at least a tenth of AssignmentBound");
        }

        var signalTopics = options.Kafka.SignalTopics.Length == 0 ? TopicNames.Signals : options.Kafka.SignalTopics;
        if (!string.IsNullOrWhiteSpace(options.Kafka.ReferralCreditTopic) && !signalTopics.Contains(options.Kafka.ReferralCreditTopic, StringComparer.Ordinal))
        {
            failures.Add($"{MomentaryOptions.Section}__Kafka__ReferralCreditTopic: '{options.Kafka.ReferralCreditTopic}' is not one of the signal topics ({string.Join(", ", signalTopics)}): a sharer's referral credits would never reach them");
        }

        if (options.Marketers.Enabled && string.IsNullOrWhiteSpace(options.Marketers.Token) && string.IsNullOrWhiteSpace(options.Marketers.TrustedProxyHeader))
        {
            failures.Add($"{MomentaryOptions.Section}__Marketers__Token: the marketers' page is enabled without a credential: set a Token (or TrustedProxyHeader behind an OIDC proxy), or set Enabled=false");
        }

        if (options.Marketers.Enabled && !string.Equals(options.Marketers.AuditLog, "stderr", StringComparison.OrdinalIgnoreCase)
            && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(options.Marketers.AuditLog))))
        {
            failures.Add($"{MomentaryOptions.Section}__Marketers__AuditLog: the folder of '{options.Marketers.AuditLog}' does not exist (a file path, or stderr)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Data annotations of this object, then of every nested options object (classes of this namespace).
    private static void Collect(object options, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                failures.Add($"{path}{(member.Length > 0 ? "__" + member : string.Empty)}: {result.ErrorMessage}");
            }
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType.Namespace == typeof(MomentaryOptions).Namespace && property.PropertyType.IsClass
                && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType) && property.GetValue(options) is { } nested)
            {
                Collect(nested, $"{path}__{property.Name}", failures);
            }
        }
    }
}
