using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Marketers;

/// <summary>
/// The last few decided signals of recently active customers, kept in memory only while the marketers' page is
/// enabled, so "why not" can explain them: at most <see cref="PerCustomer"/> per customer, newest first, and at most
/// <see cref="MaxCustomers"/> customers (the least recently active is dropped first). Each entry holds the signal,
/// the context its decision saw (a reference: contexts are immutable) and the live reservation outcomes. Nothing is
/// written anywhere; a restart forgets it all.
/// </summary>
/// <param name="perCustomer">Signals kept per customer (default 5).</param>
/// <param name="maxCustomers">Customers kept (default 10,000).</param>
internal sealed class RecentSignals(int perCustomer = 5, int maxCustomers = 10_000)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Customer, List<DecidedSignal> Signals)>> _byCustomer = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Customer, List<DecidedSignal> Signals)> _recency = new();
    private Func<RuleBook>? _rules;
    private Geofencer? _geofencer;
    private PipelineSettings _settings = new();

    /// <summary>Signals kept per customer.</summary>
    public int PerCustomer => perCustomer;

    /// <summary>Customers kept.</summary>
    public int MaxCustomers => maxCustomers;

    /// <summary>The rules in force, once the engine attached (<c>null</c> before it started).</summary>
    public Func<RuleBook>? Rules => Volatile.Read(ref _rules);

    /// <summary>The engine's geofencer (its venues, reloaded with them), once attached.</summary>
    public Geofencer? Geofencer => Volatile.Read(ref _geofencer);

    /// <summary>The engine's pipeline settings, once attached.</summary>
    public PipelineSettings Settings => Volatile.Read(ref _settings);

    /// <summary>Called by the engine at start: what the decisions were made with, so explanations use the same.</summary>
    public void Attach(Func<RuleBook> rules, Geofencer geofencer, PipelineSettings settings)
    {
        Volatile.Write(ref _settings, settings);
        Volatile.Write(ref _geofencer, geofencer);
        Volatile.Write(ref _rules, rules);
    }

    /// <summary>Keeps <paramref name="decided"/> as its customer's newest signal (the processor's <see cref="SignalProcessor.Decided"/>).</summary>
    public void Record(DecidedSignal decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var customer = decided.Signal.CustomerId;
        lock (_gate)
        {
            if (_byCustomer.TryGetValue(customer, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                if (_byCustomer.Count >= maxCustomers && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _byCustomer.Remove(oldest.Value.Customer);
                }

                node = _recency.AddFirst((customer, new List<DecidedSignal>(perCustomer)));
                _byCustomer[customer] = node;
            }

            var signals = node.Value.Signals;
            if (signals.Count >= perCustomer)
            {
                signals.RemoveAt(signals.Count - 1);
            }

            signals.Insert(0, decided);
        }
    }

    /// <summary>The customer's kept signals, newest first (empty when none).</summary>
    public IReadOnlyList<DecidedSignal> Of(string customerId)
    {
        lock (_gate)
        {
            return _byCustomer.TryGetValue(customerId, out var node) ? [.. node.Value.Signals] : [];
        }
    }
}
