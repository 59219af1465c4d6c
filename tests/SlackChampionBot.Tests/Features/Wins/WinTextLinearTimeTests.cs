using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using SlackChampionBot.Features.Wins;
using Xunit.Abstractions;

namespace SlackChampionBot.Tests.Features.Wins;

/// <summary>
/// Win text is anyone's input, parsed one event at a time: adversarial messages must cost time linear in their length.
/// Measured as scaling (40,000 characters against 1,000: linear is ~40x, quadratic ~1,600x), the best of several runs,
/// so a loaded machine moves both sides alike; the absolute figures are printed for the record. The sizes are far
/// apart so that noise (a collection, another process: up to ~3x on a busy 2-core machine, seen with 4,000 against
/// 40,000) cannot reach the bound while quadratic work passes it several times over.
/// </summary>
public sealed class WinTextLinearTimeTests(ITestOutputHelper output)
{
    private const int Small = 1_000;
    private const int Large = 40_000;

    /// <summary>Far below quadratic's ~1,600x, with room for noise above linear's ~40x.</summary>
    private const double MaxGrowth = 250;

    private static readonly WinsOptions Defaults = new();

    /// <summary>Shapes that make a backtracking engine rescan the rest of the text from every start position.</summary>
    public static TheoryData<string> AdversarialShapes() => new()
    {
        "<a",            // a link that never closes (the reported 4 s case)
        "<@U1|",         // a mention with a label that never closes
        "<@UA",          // a mention id that never closes
        "<!",            // a special mention that never closes
        "<#",            // a channel link that never closes
        "<a|",           // a labelled link that never closes
        ":a",            // emoji codes that never close
        ":+1::skin-tone-",
        "#",             // hashtag starts with no name
        "#a#",           // tags glued to words
        "&#",            // entity-like starts
        " \t",           // whitespace runs
        "<@U1|<a<!<#:a#&", // all of them at once
    };

    [Theory]
    [MemberData(nameof(AdversarialShapes))]
    public void Read_AdversarialText_GrowsLinearly(string unit)
    {
        var small = Repeat(unit, Small);
        var large = Repeat(unit, Large);
        WinText.Read(small, Defaults); // JIT and regex construction outside the measurement

        var smallTime = Best(() => WinText.Read(small, Defaults));
        var largeTime = Best(() => WinText.Read(large, Defaults));
        var growth = largeTime.TotalMilliseconds / Math.Max(smallTime.TotalMilliseconds, 0.001);
        output.WriteLine($"\"{unit}\" x{Large / unit.Length}: {Small:N0} chars {smallTime.TotalMilliseconds:F2} ms, {Large:N0} chars {largeTime.TotalMilliseconds:F2} ms, growth {growth:F1}x");

        Assert.True(growth < MaxGrowth, $"Reading {Large:N0} characters of \"{unit}\" took {growth:F1}x as long as {Small:N0} characters ({largeTime.TotalMilliseconds:F1} ms against {smallTime.TotalMilliseconds:F2} ms): the work is not linear.");
    }

    [Fact]
    public void Read_AdversarialText_StillReadsTheFacts()
    {
        var text = "#win #returns <@U0BOB|bob> saved the day " + Repeat("<a", Large);

        var facts = WinText.Read(text, Defaults);

        Assert.True(facts.HasTag);
        Assert.Equal(["U0BOB"], facts.MentionedUserIds);
        Assert.Equal(LifecycleStage.Returns, facts.Stage);
        Assert.True(facts.StoryLength > Large / 2);
    }

    [Fact]
    public async Task Handle_AdversarialWinAndItsEdit_AreRecordedWithoutStalling()
    {
        await using var bed = new WinsTestBed(new() { ["Wins:DailyGiveLimit"] = "1000" });
        bed.AddUser("U0ANA", "ana");
        bed.AddUser("U0BOB", "bob");
        var text = "#win <@U0BOB> kept a customer's order on track " + Repeat("<a<@U1|<!", Large - 48);
        var posted = TimeSpan.MaxValue;
        var edited = TimeSpan.MaxValue;
        for (var run = 0; run < 4; run++)
        {
            // The best of a few runs: the first pays for JIT and the database's first writes.
            var win = bed.Message("U0ANA", text);
            var watch = Stopwatch.StartNew();
            await bed.Deliver(win);
            posted = Min(posted, watch.Elapsed);
            watch.Restart();
            await bed.Deliver(bed.Edit(win, text + " and more"));
            edited = Min(edited, watch.Elapsed);
        }

        output.WriteLine($"A {text.Length:N0}-character adversarial win: handled in {posted.TotalMilliseconds:F1} ms, its edit in {edited.TotalMilliseconds:F1} ms (database and reply included, best of 4)");
        var wins = await bed.Wins();
        Assert.Equal(4, wins.Count);
        Assert.All(wins, w => Assert.Equal(["U0BOB"], w.Credits.Select(c => c.UserId)));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// The hand-written hashtag scanner against the look-behind regex it replaced, on random text over the characters
    /// that matter to it (word characters, <c>#</c>, <c>&amp;</c>, <c>-</c>, spaces, a letter outside ASCII).
    /// </summary>
    [Theory]
    [InlineData(20261125)]
    [InlineData(7)]
    public void Hashtags_RandomText_FindTheSameTagsAsTheLookBehindRegex(int seed)
    {
        var original = new Regex(@"(?<![\p{L}\p{N}_#&])#([\p{L}\p{N}_\-]+)");
        var alphabet = "#&-_ a1Zé²;.\n";
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            var expected = original.Matches(text).Select(m => (m.Index, m.Length, m.Groups[1].Value)).ToList();
            var actual = WinText.Hashtags(text).ToList();

            Assert.True(expected.SequenceEqual(actual), $"\"{text}\": expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        }
    }

    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }

        return builder.ToString(0, length);
    }

    /// <summary>
    /// The fastest of several runs, in CPU time of the running thread where the system tells it (Linux): time the
    /// thread spent waiting for a core, which a busy machine adds at random, does not count. Elsewhere, wall time.
    /// </summary>
    private static TimeSpan Best(Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 11; run++)
        {
            var start = ThreadTime();
            action();
            var took = ThreadTime() - start;
            best = took < best ? took : best;
        }

        return best;
    }

    private static TimeSpan ThreadTime()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTime, out var spec) == 0)
        {
            return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
        }

        return Stopwatch.GetElapsedTime(0);
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clock, out TimeSpec spec);
}
