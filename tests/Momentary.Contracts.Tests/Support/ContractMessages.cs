using System.Text;
using System.Text.Json;
using Momentary.Core.Offers;
using Momentary.Core.Signals;

namespace Momentary.Contracts.Tests.Support;

/// <summary>Checks one example message against every schema it must pass and against the code that reads it.</summary>
internal static class ContractMessages
{
    /// <summary>Asserts <paramref name="json"/> passes its schemas and its reader; returns the schemas it was checked against.</summary>
    public static IReadOnlyList<string> AssertValid(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var bytes = Encoding.UTF8.GetBytes(json);
        List<string> schemas;
        if (root.TryGetProperty("headers", out _))
        {
            schemas = [ContractSchemas.DeadLetter];
        }
        else if (root.TryGetProperty("schema", out var schema))
        {
            var control = schema.GetString() == OfferCodec.ControlSchema;
            schemas = [control ? ContractSchemas.Control : ContractSchemas.Offer];
            var offer = control ? OfferCodec.DecodeControl(bytes) : OfferCodec.Decode(bytes);
            Assert.True(offer.ExpiresAt > offer.IssuedAt, $"{source}: expiresAt is not after issuedAt");
        }
        else
        {
            Assert.True(SignalCodec.TryDecode(bytes, out var signal, out var error), $"{source}: the decoder rejects it: {error?.Kind} {error?.Message}");
            schemas = [ContractSchemas.Signal, $"signal-{SignalCodec.KindName(signal!.Kind)}.v1"];
            if (signal is CommerceEvent { Action: CommerceAction.Redemption })
            {
                schemas.Add(ContractSchemas.Redemption);
            }
        }

        foreach (var name in schemas)
        {
            var result = ContractSchemas.Evaluate(name, root, formats: true);
            Assert.True(result.IsValid, $"{source} fails {name}:\n{ContractSchemas.Errors(result)}\n{json}");
        }

        return schemas;
    }
}
