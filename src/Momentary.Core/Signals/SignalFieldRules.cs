namespace Momentary.Core.Signals;

/// <summary>Checks on decoded fields that several signal kinds share: required values and ids.</summary>
internal static class SignalFieldRules
{
    // '!' to '~'. A SearchValues scan, not IndexOfAnyExceptInRange: the load harness saw that one box a char per call
    // on the hot path (allocation ticks inside it, after warm-up).
    private static readonly System.Buffers.SearchValues<char> PrintableAscii = System.Buffers.SearchValues.Create("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>A <c>missing-field</c> error unless <paramref name="value"/> is present and non-empty.</summary>
    public static bool Require(string? value, string name, out SignalError? error)
    {
        if (string.IsNullOrEmpty(value))
        {
            error = new SignalError(SignalError.MissingField, $"{name} is required");
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// An <c>invalid-field</c> error unless <paramref name="value"/> is a usable id: at most
    /// <see cref="SignalCodec.MaxIdLength"/> characters, not blank, no control characters. Ids are keys (the record
    /// key, Redis keys, offer ids): a NUL or newline in a key breaks logs, tools and lookups downstream.
    /// </summary>
    public static bool ValidId(string value, string name, out SignalError? error)
    {
        if (value.Length > SignalCodec.MaxIdLength)
        {
            error = new SignalError(SignalError.InvalidField, $"{name} is longer than {SignalCodec.MaxIdLength} characters");
            return false;
        }

        // The usual id is printable ASCII without spaces: one vectorised scan settles it.
        if (value.AsSpan().IndexOfAnyExcept(PrintableAscii) < 0)
        {
            error = null;
            return true;
        }

        var blank = true;
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                error = new SignalError(SignalError.InvalidField, $"{name} contains a control character");
                return false;
            }

            blank &= char.IsWhiteSpace(c);
        }

        error = blank ? new SignalError(SignalError.InvalidField, $"{name} is blank") : null;
        return !blank;
    }
}
