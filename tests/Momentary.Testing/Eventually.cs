using System.Diagnostics;
using Xunit;

namespace Momentary.Testing;

/// <summary>Waits for a condition with a timeout (StackExchange.Redis's <c>Poll</c>): never a fixed sleep before an assertion.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        return true;
    }

    /// <summary>As <see cref="TrueAsync(Func{bool}, TimeSpan)"/> for an asynchronous condition.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        return true;
    }
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test naming <paramref name="what"/> when <paramref name="timeout"/> passes first.</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        if (!await TrueAsync(condition, timeout))
        {
            Assert.Fail($"{what ?? "condition"} did not hold within {timeout}");
        }
    }

    /// <summary>As <see cref="HoldsAsync(Func{bool}, TimeSpan, string?)"/>, blocking the calling thread: for synchronous fixtures that start processes.</summary>
    public static void Holds(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}");
            }

            Thread.Sleep(10);
        }
    }
}
