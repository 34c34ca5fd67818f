using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Pipeline.Processing;

/// <summary>Admission: a record becomes a signal only when it decodes and passes the contract's bounds (docs/contracts.md).</summary>
public sealed partial class SignalProcessor
{
    // The trust boundary: size, decoding, key and time are checked before any state is read or written. The decoder
    // returns errors rather than throwing; the last-resort catch makes a decoder bug cost one dead letter instead of
    // failing the stream (and the record would fail it again after every restart).
    private bool TryAdmit(InboundRecord record, out Signal? signal, out SignalError? error)
    {
        signal = null;
        if (record.Value.Length > _settings.MaxSignalBytes)
        {
            error = new SignalError(DeadLetters.Oversized, $"the value is {record.Value.Length} bytes; a signal may have at most {_settings.MaxSignalBytes}");
            return false;
        }

        try
        {
            if (!SignalCodec.TryDecode(record.Value.Span, record.Key, out signal, out error))
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            signal = null;
            error = new SignalError(DeadLetters.ProcessingFailed, "decoding failed: " + ex.GetType().Name);
            return false;
        }

        // The key places the record: a body about another customer would be processed on that customer's partition,
        // racing their own signals (and a producer could write into anyone's context). No key is no placement at all.
        if (!string.Equals(record.Key, signal!.CustomerId, StringComparison.Ordinal))
        {
            error = new SignalError(DeadLetters.KeyMismatch, record.Key is null ? "the record has no key; it must be the customerId" : "the record key differs from customerId");
            signal = null;
            return false;
        }

        // Bounds by the processing clock (the decoder cannot know "now"). Differences, not sums: ts may be anywhere
        // in DateTimeOffset's range, and ts + retention would overflow.
        var ahead = signal.Timestamp - _time.GetUtcNow();
        if (ahead > _settings.MaxClockSkew)
        {
            error = new SignalError(SignalError.InvalidField, $"ts is more than {DurationText.Format(_settings.MaxClockSkew)} ahead of the processing clock");
            signal = null;
            return false;
        }

        if (-ahead > _settings.MaxSignalAge)
        {
            error = new SignalError(DeadLetters.Stale, $"ts is more than {DurationText.Format(_settings.MaxSignalAge)} old");
            signal = null;
            return false;
        }

        return true;
    }
}
