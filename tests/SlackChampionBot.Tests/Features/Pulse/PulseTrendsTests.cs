using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ScottPlot;
using ScottPlot.Plottables;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// <c>/pulse trends</c>: the series come from the results (so through the suppression function), a survey below the
/// threshold or a hidden statement has no point on any chart, and the charts render as PNGs of the stated size.
/// </summary>
public sealed class PulseTrendsTests
{
    private static readonly Dictionary<string, string?> Teams = new() { ["Leaderboards:Teams:0"] = "SALPHA", ["Leaderboards:Teams:1"] = "SBRAVO" };

    [Fact]
    public async Task Trends_WithheldSurveyAndHiddenStatement_HaveNoPointOnTheChartNorInTheCsv()
    {
        await using var world = new PulseTestWorld(Teams);
        var people = world.AddPeople(10);
        await world.AddGroup("SALPHA", "alpha", people.Take(5));
        await world.AddGroup("SBRAVO", "bravo", people.Skip(5));

        // 1: everyone answers statement 1 (60% favourable) and statement 2 (100%).
        await Survey(world, people, statement2Answers: 10);

        // 2: four answers, below the threshold of 5: withheld whole.
        await Survey(world, people.Take(4).ToList(), statement2Answers: 4);

        // 3: ten answer statement 1, only two statement 2: that statement is hidden.
        await Survey(world, people, statement2Answers: 2);

        var series = await world.InScope(sp => sp.GetRequiredService<PulseTrends>().Build(PulseTestWorld.TeamId, 12, CancellationToken.None));
        Assert.Equal(3, series.Surveys.Count);
        var (first, withheld, third) = (series.Surveys[0], series.Surveys[1], series.Surveys[2]);
        Assert.True(first.Shown);
        Assert.Equal(10, first.N);
        Assert.Equal([60.0, 100.0], first.FavourablePercent);
        Assert.False(withheld.Shown);
        Assert.Null(withheld.N);
        Assert.All(withheld.FavourablePercent, Assert.Null);
        Assert.Equal(60.0, third.FavourablePercent[0]);
        Assert.Null(third.FavourablePercent[1]);

        // No plotted point sits on the withheld survey, and statement 2 has no point on the third.
        var plot = PulseCharts.EngagementPlot(series);
        var lines = plot.GetPlottables().OfType<Scatter>().ToList();
        var points = lines.SelectMany(l => l.Data.GetScatterPoints()).ToList();
        Assert.DoesNotContain(points, p => p.X == withheld.OpenedAt.ToOADate());
        var statement2 = Assert.Single(lines[1].Data.GetScatterPoints()); // statement 2: the first survey only
        Assert.Equal(first.OpenedAt.ToOADate(), statement2.X);
        Assert.Equal(100.0, statement2.Y);

        // The labels say n only where it is shown.
        var labels = plot.GetPlottables().OfType<Text>().Select(t => t.LabelText).ToList();
        Assert.Equal(["n=10", "too few", "n=10"], labels);

        // The date axis writes dates as the bot does everywhere, whatever the machine's culture.
        var dates = Assert.IsType<ScottPlot.TickGenerators.DateTimeAutomatic>(plot.Axes.Bottom.TickGenerator);
        Assert.Equal("3 Mar 2026", dates.LabelFormatter!(new DateTime(2026, 3, 3)));

        // Team engagement comes from shown team rows only: March's is the third survey's (statement 1 only, 60%).
        var engaged = series.Teams.Where(t => t.EngagementPercent is not null).ToList();
        Assert.Equal(["alpha", "bravo"], engaged.Select(t => t.Name).Order());
        Assert.All(engaged, t => Assert.Equal((new DateOnly(2026, 3, 1), 60.0), (t.Month, Math.Round(t.EngagementPercent!.Value, 3))));
    }

    [Fact]
    public async Task TrendsCommand_ByHr_UploadsTwoPngsOfTheStatedSizeAndTheCsvToTheHrDm()
    {
        await using var world = new PulseTestWorld(Teams);
        var people = world.AddPeople(10);
        await world.AddGroup("SALPHA", "alpha", people.Take(5));
        await world.AddGroup("SBRAVO", "bravo", people.Skip(5));
        await Survey(world, people, statement2Answers: 10);
        await Survey(world, people.Take(4).ToList(), statement2Answers: 4);

        var answer = await world.Command(PulseTestWorld.Hr, "trends 6");
        Assert.StartsWith("Preparing the trends of the last 6 months", answer.Message!.Text, StringComparison.Ordinal);
        await world.RunBackgroundWork();

        var uploads = world.Uploads.ToList();
        Assert.All(uploads, u => Assert.Equal(PulseTestWorld.DmOf(PulseTestWorld.Hr), u.Channel));
        var pngs = uploads.Where(u => u.Name.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pngs.Count);
        Assert.All(pngs, png => Assert.Equal((PulseCharts.Width, PulseCharts.Height), Png.Size(png.Content)));

        var csv = Encoding.UTF8.GetString(Assert.Single(uploads, u => u.Name.EndsWith(".csv", StringComparison.Ordinal)).Content).ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal("section,date,team,question,n,value", csv[0]);
        Assert.Contains("responses,2026-03-17,,,10,10", csv);
        Assert.Single(csv, l => l.StartsWith("withheld,", StringComparison.Ordinal));
        Assert.Equal(2, csv.Count(l => l.StartsWith("favourable_percent,", StringComparison.Ordinal)));
        Assert.Equal(2, csv.Count(l => l.StartsWith("team_favourable_percent,", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("trends 0")]
    [InlineData("trends 37")]
    [InlineData("trends soon")]
    public async Task TrendsCommand_BadMonths_SaysHowAndQueuesNothing(string text)
    {
        await using var world = new PulseTestWorld();
        var answer = await world.Command(PulseTestWorld.Hr, text);
        Assert.Equal(PulseBlocks.TrendsUsage, answer.Message!.Text);
        await world.RunBackgroundWork();
        Assert.Empty(world.Uploads);
    }

    [Fact]
    public async Task TrendsCommand_NotHr_IsRefused()
    {
        await using var world = new PulseTestWorld();
        var answer = await world.Command("U0SOMEONE", "trends");
        Assert.StartsWith("Sorry, only HR can see pulse trends", answer.Message!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_KnownYear_RenderPngsOfTheStatedSize()
    {
        // A year of fortnightly pulses (one withheld, eNPS every second one) and two teams' stars; the README's pictures
        // are these (CHARTS_DIR=docs writes them).
        string[] statements = ["I feel my work is recognised.", "I know what is expected of me at work.", "I have what I need to do a good job for our customers."];
        var start = new DateTime(2026, 1, 6, 10, 0, 0, DateTimeKind.Utc);
        var surveys = Enumerable.Range(0, 24).Select(i => i == 9
            ? new PulseTrendPoint(start.AddDays(14 * i), false, null, null, null, [null, null, null])
            : new PulseTrendPoint(start.AddDays(14 * i), true, 40 + (i % 7), i % 2 == 1 ? -10 + (i * 2.5) : null, i % 2 == 1 ? 38 : null,
                [55 + (i * 1.2), i == 15 ? null : 70 - (i % 5), 48 + (i * 1.5)])).ToList();
        var teams = Enumerable.Range(0, 12).SelectMany(m => new[]
        {
            new TeamMonthPoint(new DateOnly(2026, 1, 1).AddMonths(m), "SALPHA", "Support", 30 + (m * 3), 34 + (m * 2), m % 3 == 2 ? null : 60 + m),
            new TeamMonthPoint(new DateOnly(2026, 1, 1).AddMonths(m), "SBRAVO", "Fulfilment", 18 + m, 12 + (m * 2), m % 4 == 0 ? null : 50 + (m * 1.5)),
        }).ToList();
        var series = new PulseTrendSeries(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1), statements, surveys, teams);

        var engagement = PulseCharts.Engagement(series);
        var recognition = PulseCharts.Recognition(series);

        Assert.Equal((PulseCharts.Width, PulseCharts.Height), Png.Size(engagement));
        Assert.Equal((PulseCharts.Width, PulseCharts.Height), Png.Size(recognition));
        Assert.DoesNotContain(PulseCharts.EngagementPlot(series).GetPlottables().OfType<Scatter>().SelectMany(l => l.Data.GetScatterPoints()), p => p.X == surveys[9].OpenedAt.ToOADate());
        if (Environment.GetEnvironmentVariable("CHARTS_DIR") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, "pulse-trends.png"), engagement);
            File.WriteAllBytes(Path.Combine(folder, "pulse-recognition.png"), recognition);
        }
    }

    /// <summary>
    /// Opens a survey, has <paramref name="answering"/> answer statement 1 (2 of each 5 unfavourable: 60% favourable) and
    /// the first <paramref name="statement2Answers"/> of them statement 2 (5), and closes it; then a week passes.
    /// </summary>
    private static async Task Survey(PulseTestWorld world, IReadOnlyList<string> answering, int statement2Answers)
    {
        var survey = (await world.Open())!;
        await world.Tick();
        for (var i = 0; i < answering.Count; i++)
        {
            await world.Click(answering[i], survey.Id, 0, i % 5 < 2 ? 2 : 4);
            if (i < statement2Answers)
            {
                await world.Click(answering[i], survey.Id, 1, 5);
            }
        }

        await world.CloseByTime();
        world.Time.Advance(TimeSpan.FromDays(3));
    }
}
