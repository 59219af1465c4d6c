using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

public sealed class PulseResultsTests
{
    [Fact]
    public async Task Results_FourResponses_ShowNothingButTheThresholdMessage()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(10);
        var survey = (await world.Open())!;
        await world.Tick();
        foreach (var p in people.Take(4))
        {
            await world.Click(p, survey.Id, 0, 5);
        }

        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var answer = await world.Command(PulseTestWorld.Hr, "results");
        Assert.Equal("Not enough responses yet to keep answers anonymous (4 of 5 needed)", answer.Message!.Text);
        Assert.Null(answer.Message.Blocks);

        await world.Command(PulseTestWorld.Hr, "export");
        await RunBackgroundQueue(world);
        Assert.Empty(world.Uploads);
        Assert.Contains(world.Posts, m => m.Channel == PulseTestWorld.DmOf(PulseTestWorld.Hr) && m.Text!.Contains("(4 of 5 needed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Results_TeamOfThreeInFortyResponses_HidesItAndTheNextSmallestTeam_InSlackAndCsv()
    {
        await using var world = new PulseTestWorld(new() { ["Leaderboards:Teams:0"] = "SALPHA", ["Leaderboards:Teams:1"] = "SBRAVO", ["Leaderboards:Teams:2"] = "SCHARLIE", ["Leaderboards:Teams:3"] = "SDELTA" });
        var people = world.AddPeople(40);
        await world.AddGroup("SALPHA", "alpha", people.Take(20));
        await world.AddGroup("SBRAVO", "bravo", people.Skip(20).Take(10));
        await world.AddGroup("SCHARLIE", "charlie", people.Skip(30).Take(7));
        await world.AddGroup("SDELTA", "delta", people.Skip(37).Take(3));
        var survey = (await world.Open())!;
        await world.Tick();
        for (var i = 0; i < people.Count; i++)
        {
            await world.Click(people[i], survey.Id, 0, 1 + (i % 5));
        }

        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var report = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, "latest", CancellationToken.None)));
        Assert.Equal(40, report.Responses);
        Assert.Equal(["alpha", "bravo"], report.Teams.Select(t => t.Name));
        Assert.Equal(3.0, report.Questions[0].Mean, 3);
        Assert.Equal(40.0, report.Questions[0].FavourablePercent, 3);
        Assert.Equal([8, 8, 8, 8, 8], report.Questions[0].Distribution);

        var answer = await world.Command(PulseTestWorld.Hr, "results");
        var byTeam = Assert.Single(answer.Message!.Blocks!.OfType<SlackChampionBot.Slack.Blocks.SectionBlock>(), b => b.Text!.Text.StartsWith("*By team*", StringComparison.Ordinal)).Text!.Text;
        Assert.Contains("alpha:", byTeam, StringComparison.Ordinal);
        Assert.Contains("bravo:", byTeam, StringComparison.Ordinal);
        Assert.DoesNotContain("charlie", byTeam, StringComparison.Ordinal);
        Assert.DoesNotContain("delta", byTeam, StringComparison.Ordinal);

        await world.Command(PulseTestWorld.Hr, "export");
        await RunBackgroundQueue(world);
        var csv = Encoding.UTF8.GetString(Assert.Single(world.Uploads).Content);
        var teamRows = csv.Split('\n').Where(l => l.StartsWith("team,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, teamRows.Count);
        Assert.Contains(teamRows, l => l.StartsWith("team,alpha,", StringComparison.Ordinal));
        Assert.Contains(teamRows, l => l.StartsWith("team,bravo,", StringComparison.Ordinal));
        Assert.Contains("question,,I feel my work is recognised.,40,3,40,,1:8 2:8 3:8 4:8 5:8", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_FewerCommentsThanThreshold_HidesComments()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6);
        var survey = (await world.Open())!;
        await world.Tick();
        foreach (var p in people)
        {
            await world.Click(p, survey.Id, 0, 4);
        }

        await world.InScope(sp => sp.GetRequiredService<PulseService>().Comment(PulseTestWorld.TeamId, people[0], null, survey.Id, "More coffee", CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(4));
        await world.Tick();

        var report = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, null, CancellationToken.None)));
        Assert.Empty(report.Comments);
        Assert.Equal(1, report.CommentCount);
    }

    [Fact]
    public async Task Results_EnpsEverySecondSurvey_ComparesWithTheLastSurveyThatAskedIt()
    {
        await using var world = new PulseTestWorld();
        var people = world.AddPeople(6);

        // Surveys 1-4: eNPS is asked in 2 and 4 (every second survey). In 2 half are promoters (+50); in 4 all are (+100).
        var surveys = new List<PulseSurvey>();
        for (var number = 1; number <= 4; number++)
        {
            var survey = (await world.Open())!;
            surveys.Add(survey);
            await world.Tick();
            for (var i = 0; i < people.Count; i++)
            {
                await world.Click(people[i], survey.Id, 0, 4);
                if (survey.IncludesEnps)
                {
                    await world.Click(people[i], survey.Id, PulseService.EnpsQuestion, number == 4 || i % 2 == 0 ? 10 : 8);
                }
            }

            world.Time.Advance(TimeSpan.FromDays(4));
            await world.Tick();
            world.Time.Advance(TimeSpan.FromDays(10));
        }

        Assert.Equal([false, true, false, true], surveys.Select(s => s.IncludesEnps));
        var report = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, "latest", CancellationToken.None)));
        var enps = report.Enps!;
        Assert.Equal(100.0, enps.Score, 3);
        Assert.Equal(50.0, enps.Change!.Value, 3);
        Assert.Equal(surveys[1].OpenedAt, enps.ChangeSince);
        Assert.Equal(surveys[2].OpenedAt, report.PreviousOpenedAt);

        var text = string.Join("\n", PulseBlocks.Results(report).OfType<SlackChampionBot.Slack.Blocks.SectionBlock>().Select(b => b.Text!.Text));
        Assert.Contains($"*eNPS:* +100 (+50 since {surveys[1].OpenedAt:d MMM yyyy}) (n=6: 6 promoters, 0 passives, 0 detractors)", text, StringComparison.Ordinal);
        Assert.Contains("enps,,,6,100,,50,promoters:6 passives:0 detractors:0 change_since:" + surveys[1].OpenedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Encoding.UTF8.GetString(PulseBlocks.Csv(report)), StringComparison.Ordinal);

        // The survey before the first eNPS survey has nothing to compare with.
        var second = Assert.IsType<PulseReportReady>(await world.InScope(sp => sp.GetRequiredService<PulseResults>().Build(PulseTestWorld.TeamId, surveys[1].OpenedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CancellationToken.None)));
        Assert.Equal(50.0, second.Enps!.Score, 3);
        Assert.Null(second.Enps.Change);
        Assert.Null(second.Enps.ChangeSince);
    }

    [Fact]
    public void Results_OnAGermanServer_AreStillWrittenInEnglish()
    {
        var report = new PulseReportReady(
            new DateTime(2026, 3, 17, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 20, 9, 0, 0, DateTimeKind.Utc), 5, 1200, 1100,
            [new QuestionResult(0, "I feel my work is recognised.", 1100, 3.5, 62.4, [100, 200, 300, 300, 200], 0.25)],
            new EnpsResult(1100, 600, 300, 200, 36.4, 4.4, new DateTime(2026, 2, 17, 9, 0, 0, DateTimeKind.Utc)),
            new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc), [], 0, [new TeamResult("S1", "alpha", 1100, 3.5, 62.4, null)], []);

        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var text = string.Join("\n", PulseBlocks.Results(report).Select(b => b switch
            {
                SlackChampionBot.Slack.Blocks.SectionBlock s => s.Text!.Text,
                SlackChampionBot.Slack.Blocks.HeaderBlock h => h.Text.Text,
                _ => string.Empty,
            }));
            Assert.Contains("Pulse results: 17 Mar 2026", text, StringComparison.Ordinal);
            Assert.Contains("*Response rate:* 92% (1100 of 1200).", text, StringComparison.Ordinal);
            Assert.Contains("Changes in the means are against the pulse of 3 Mar 2026.", text, StringComparison.Ordinal);
            Assert.Contains("Mean 3.50 (+0.25) · 62% favourable", text, StringComparison.Ordinal);
            Assert.Contains("*eNPS:* +36 (+4 since 17 Feb 2026)", text, StringComparison.Ordinal);
            Assert.Contains("alpha: mean 3.50, 62% favourable", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("results", "Sorry, pulse results are only for HR. Your own answers stay anonymous: nobody can see who answered what.")]
    [InlineData("results latest", "Sorry, pulse results are only for HR. Your own answers stay anonymous: nobody can see who answered what.")]
    [InlineData("export", "Sorry, only HR can export pulse results. Your own answers stay anonymous: nobody can see who answered what.")]
    [InlineData("send-now", "Sorry, only HR can open a pulse.")]
    [InlineData("close", "Sorry, only HR can close a pulse.")]
    [InlineData("", "The /pulse commands are for HR. Your own answers stay anonymous: nobody can see who answered what.")]
    [InlineData("help", "The /pulse commands are for HR. Your own answers stay anonymous: nobody can see who answered what.")]
    public async Task Command_NonHrUser_IsRefusedWithASentenceThatFitsTheVerb(string text, string expected)
    {
        await using var world = new PulseTestWorld();
        var answer = await world.Command("UNOTHR01", text);

        Assert.Equal(expected, answer.Message!.Text);
        Assert.Null(answer.Message.Blocks);
        Assert.Empty(world.Services.GetRequiredService<RecordedBackgroundJobs>().Waiting);
        Assert.Equal(0, await world.InScope(sp => sp.GetRequiredService<SlackChampionBot.Persistence.BotDbContext>().Set<PulseSurvey>().CountAsync()));
    }

    [Fact]
    public async Task Command_HrGroupMember_GetsResults()
    {
        await using var world = new PulseTestWorld(new() { ["Pulse:HrGroup"] = "people-team" });
        await world.AddGroup("SHR", "people-team", ["UHRGROUP1"]);
        var answer = await world.Command("UHRGROUP1", "results");
        Assert.Equal("No pulse has closed yet, so there are no results to show.", answer.Message!.Text);
    }

    [SqliteOnlyFact] // reads the SQLite file
    public async Task Close_AfterClosing_NoRowAnywhereLinksAUserToAnAnswer()
    {
        await using var database = TestDatabase.Create();
        var file = database.FilePath!;
        var people = new List<string>();
        await using (var world = new PulseTestWorld(new() { ["Leaderboards:Teams:0"] = "SALPHA" }, database))
        {
            people.AddRange(world.AddPeople(8));
            await world.AddGroup("SALPHA", "alpha", people);
            var survey = (await world.Open())!;
            await world.Tick();
            foreach (var p in people.Take(6))
            {
                await world.Click(p, survey.Id, 0, 2);
                await world.InScope(sp => sp.GetRequiredService<PulseService>().Comment(PulseTestWorld.TeamId, p, null, survey.Id, "fine", CancellationToken.None));
            }

            world.Time.Advance(TimeSpan.FromDays(4));
            await world.Tick();
        }

        var holdingUsers = await PulseDatabaseScan.AssertNoLinkBetweenPeopleAndAnswers(file, people);
        Assert.Contains("slack_users", holdingUsers); // the scan does see user IDs where they legitimately are
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_participations"));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_deliveries"));
        Assert.Equal(6L, await PulseDatabaseScan.Scalar(file, "SELECT COUNT(*) FROM pulse_responses WHERE team_group_id = 'SALPHA'"));
        var responseColumns = await PulseDatabaseScan.Strings(file, "SELECT name FROM pragma_table_info('pulse_responses')");
        Assert.DoesNotContain(responseColumns, c => c.Contains("user", StringComparison.Ordinal) || c.Contains("_at", StringComparison.Ordinal));
    }

    private static async Task RunBackgroundQueue(PulseTestWorld world)
    {
        await world.Services.GetRequiredService<RecordedBackgroundJobs>().RunAll();
    }
}
