using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>A state's replay memory: the last eight location signals as hashes, with the transitions of those that crossed a fence.</summary>
public sealed class RecentMarksTests
{
    [Fact]
    public void IdOf_IsStable_AcrossProcessesAndBuilds()
    {
        // FNV-1a 64 over UTF-16 code units: stored, so these values may never change.
        Assert.Equal(14695981039346656037UL, RecentMarks.IdOf(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, RecentMarks.IdOf("a"));
        Assert.NotEqual(RecentMarks.IdOf("p-1"), RecentMarks.IdOf("p-2"));
    }

    [Fact]
    public void Add_KeepsTheNewestEight_OldestFirst()
    {
        var marks = Enumerable.Range(0, 11).Aggregate(RecentMarks.Empty, (m, i) => m.Add($"p-{i}", null, null));

        Assert.Equal(RecentMarks.Capacity, marks.Count);
        Assert.Equal(Enumerable.Range(3, 8).Select(i => RecentMarks.IdOf($"p-{i}")), marks.ToArray());
        Assert.False(marks.Contains("p-2"));
        Assert.True(marks.Contains("p-3"));
    }

    [Fact]
    public void TryFind_GivesTheTransitionsOfASignalThatCrossedAFence_AndNoneForAQuietOne()
    {
        var marks = RecentMarks.Empty.Add("p-0", null, null).Add("p-1", ["aurora"], []).Add("p-2", [], []);

        Assert.True(marks.TryFind("p-1", out var entered));
        Assert.Equal(["aurora"], entered!.Entered);
        Assert.Empty(entered.Exited);
        Assert.True(marks.TryFind("p-2", out var quiet));
        Assert.Null(quiet);
        Assert.False(marks.TryFind("p-9", out _));
        Assert.Single(marks.Transitions);
    }

    [Fact]
    public void QuietSignals_AllocateNoTransitions_AndKeepTheTransitionsInstance()
    {
        var marks = RecentMarks.Empty.Add("p-0", [], ["kiosk"]);
        var transitions = marks.Transitions;

        var later = marks.Add("p-1", null, null).Add("p-2", [], []);

        Assert.Same(transitions, later.Transitions);
    }

    [Fact]
    public void Add_OfASignalAlreadyRemembered_ChangesNothing()
    {
        var marks = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", null, null);

        Assert.Equal(marks, marks.Add("p-0", [], ["aurora"]));
        Assert.Equal(2, marks.Add("p-1", ["kiosk"], []).Count);
    }

    [Fact]
    public void ATransitionIsForgotten_WithItsSignal()
    {
        var marks = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", [], ["aurora"]);
        for (var i = 2; i < 9; i++)
        {
            marks = marks.Add($"p-{i}", null, null);
        }

        Assert.False(marks.Contains("p-0"));
        Assert.Equal([RecentMarks.IdOf("p-1")], marks.Transitions.Select(t => t.Id));
        marks = marks.Add("p-9", null, null);
        Assert.Empty(marks.Transitions);
    }

    [Fact]
    public void Of_KeepsTheNewestEight_OrdersTransitionsByTheirSignals_AndRefusesAStrayTransition()
    {
        ulong[] ids = [.. Enumerable.Range(0, 10).Select(i => RecentMarks.IdOf($"p-{i}"))];
        var late = new SignalMark(ids[9], ["kiosk"], []);
        var early = new SignalMark(ids[4], [], ["kiosk"]);

        var marks = RecentMarks.Of(ids, [late, early]);

        Assert.Equal(ids[2..], marks.ToArray());
        Assert.Equal([early, late], marks.Transitions);
        Assert.Throws<ArgumentException>(() => RecentMarks.Of(ids, [new SignalMark(ids[0], ["kiosk"], [])]));
    }

    [Fact]
    public void Equals_ComparesIdsAndTransitionsByValue()
    {
        var a = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", null, null);
        var b = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", [], []);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, RecentMarks.Empty.Add("p-0", ["kiosk"], []).Add("p-1", null, null));
        Assert.NotEqual(a, RecentMarks.Empty.Add("p-1", null, null).Add("p-0", ["aurora"], []));
        Assert.Equal(RecentMarks.Empty, default);
    }
}
