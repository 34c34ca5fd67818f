using System.Text.Json;

namespace Momentary.Host.Marketers;

/// <summary>
/// The record of "why not" look-ups: one JSON line per look-up, <c>{"at":..,"who":..,"customer":..}</c> and nothing
/// else (no signal data), appended to a file or written to stderr. The only place besides the "why not" box where a
/// customer id appears.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _owned;
    private readonly TimeProvider _time;
    private readonly Lock _writing = new();

    public AuditLog(string target, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        _time = time;
        if (string.Equals(target, "stderr", StringComparison.OrdinalIgnoreCase))
        {
            _writer = Console.Error;
            return;
        }

        var stream = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        _owned = true;
    }

    /// <summary>Records that <paramref name="who"/> looked up <paramref name="customerId"/>, now.</summary>
    public void LookedUp(string who, string customerId)
    {
        var line = JsonSerializer.Serialize(new AuditEntry(_time.GetUtcNow(), who, customerId), MarketersJson.Default.AuditEntry);
        lock (_writing)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        if (_owned)
        {
            _writer.Dispose();
        }
    }
}
