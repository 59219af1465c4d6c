using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Features.Pulse;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Tests.Features.Leaderboards;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Features.Pulse;

/// <summary>
/// Pulse rounds through the real host: signed slash commands, clicks and modal submissions in, the fake Slack Web API
/// out, a real SQLite file. The pulse ticks are run by the test (after moving the host's fake clock), not by Hangfire.
/// </summary>
public sealed partial class PulseEndToEndTests
{
    private const string Audience = "C0PULSE";
    private const string Hr = "U0HRLEAD";
    private const string OtherBot = "U0ROBOT";
    private const string Deactivated = "U0GONE";
    private const string Q1 = "pulse_q0";
    private const string Q2 = "pulse_q1";
    private const string Q3 = "pulse_q2";
    private const string Enps = "pulse_enps";
    private const string CommentBlock = "pulse_comment";

    /// <summary>
    /// The bound on waits for what must happen (a backstop against a hang, not a speed claim): the clean-up after
    /// /pulse close took more than 20 s in one run of a loaded 10-run loop (load average 27 on 2 cores).
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] People = [.. Enumerable.Range(1, 8).Select(i => $"U0PERSON{i}")];

    [SqliteOnlyFact]
    public async Task SurveyRound_ThroughTheHost_DmsPeopleTakesOnlyTheirOwnAnswersRemindsOnceClosesAndKeepsNoLinkToPeople()
    {
        await using var bot = await Start();

        // HR opens a pulse: one DM per human in the audience channel; none to bots, the deactivated or the bot itself.
        var dms = await SendNow(bot);
        Assert.Equal(People.Order(), dms.Keys.Order());
        // chat.postMessage to each user id opens their DM: no conversations.open; the DM's channel comes back and is kept.
        Assert.Empty(bot.Slack.Calls("conversations.open"));
        Assert.Equal(People.Order(), bot.Slack.Calls("chat.postMessage").Select(c => c.Arg("channel")).Order());
        Assert.All(dms.Values, dm => Assert.Equal(bot.Slack.DmChannelId(dm.User), dm.Channel));
        Assert.Equal(8, bot.Slack.Calls("chat.postMessage").Count);

        // People answer with the buttons their DM carries; each click is confirmed privately and the DM shows progress.
        int[] q1 = [5, 4, 4, 3, 2, 5];
        for (var i = 0; i < q1.Length; i++)
        {
            await Answer(bot, dms[People[i]], Q1, q1[i]);
        }

        for (var i = 0; i < 5; i++)
        {
            await Answer(bot, dms[People[i]], Q2, 4);
        }

        await Answer(bot, dms[People[0]], Q3, 2);
        await Answer(bot, dms[People[1]], Q3, 2);
        int[] enps = [10, 9, 6, 8];
        for (var i = 0; i < enps.Length; i++)
        {
            await Answer(bot, dms[People[i]], Enps, enps[i]);
        }

        // Person 3 changes their mind: the second click replaces the first (their progress, all the DM shows, is unchanged).
        var updates = bot.Slack.Calls("chat.update").Count;
        await Answer(bot, dms[People[2]], Q1, 1);
        Assert.Equal(updates, bot.Slack.Calls("chat.update").Count);

        // Person 2 clicks in person 1's DM: refused privately, nothing recorded or updated.
        var ephemerals = bot.Slack.Calls("chat.postEphemeral").Count;
        var refusal = Click(People[1], dms[People[0]], Q1, "1");
        await bot.SendInteraction(refusal);
        Assert.Equal(ephemerals + 1, bot.Slack.Calls("chat.postEphemeral").Count);
        var ephemeral = bot.Slack.Calls("chat.postEphemeral")[^1];
        Assert.Equal(People[1], ephemeral.Arg("user"));
        Assert.Equal(dms[People[0]].Channel, ephemeral.Arg("channel"));
        Assert.Contains("sent to someone else", ephemeral.Arg("text"), StringComparison.Ordinal);
        Assert.Equal(updates, bot.Slack.Calls("chat.update").Count);

        // Before ReminderAfterHours: no reminder. After: one, only to the two who did not answer, however often it ticks.
        await Tick(bot);
        Assert.Equal(8, bot.Slack.Calls("chat.postMessage").Count);
        bot.Time.Advance(TimeSpan.FromHours(24));
        await Tick(bot);
        await Tick(bot);
        var reminders = bot.Slack.Calls("chat.postMessage").Skip(8).ToList();
        Assert.Equal([dms[People[6]].Channel, dms[People[7]].Channel], reminders.Select(r => r.Arg("channel")!).Order());
        Assert.All(reminders, r => Assert.StartsWith("Reminder:", r.Arg("text"), StringComparison.Ordinal));

        // After OpenDays the survey closes; a click on the old DM is answered "closed".
        bot.Time.Advance(TimeSpan.FromHours(48));
        await Tick(bot);
        var survey = await bot.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync());
        Assert.NotNull(survey.ClosedAt);
        Assert.Equal(8, survey.DeliveredCount);
        Assert.Equal(6, survey.ResponseCount);
        await bot.SendInteraction(Click(People[0], dms[People[0]], Q1, "3"));
        var closed = bot.Slack.Calls("chat.update")[^1];
        Assert.Equal(dms[People[0]].Ts, closed.Arg("ts"));
        Assert.Equal(PulseBlocks.ClosedText, closed.Arg("text"));
        Assert.DoesNotContain("pulse_answer_", closed.Arg("blocks"), StringComparison.Ordinal);
        Assert.Equal(10, bot.Slack.Calls("chat.postMessage").Count);

        // HR reads the figures; anyone else is refused politely.
        var results = await bot.SendCommand(PulseCommand.Command, "results", Hr);
        Assert.Equal("ephemeral", (string?)results!["response_type"]);
        var text = AllText(results);
        Assert.Contains("*Response rate:* 75% (6 of 8)", text, StringComparison.Ordinal);
        Assert.Contains("*I feel my work is recognised.*\nMean 3.33 · 50% favourable · n=6\n1: 1  2: 1  3: 1  4: 1  5: 2", text, StringComparison.Ordinal);
        Assert.Contains("*I know what is expected of me at work.*\nMean 4.00 · 100% favourable · n=5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("I would recommend my team", text, StringComparison.Ordinal); // 2 answers, under the threshold
        Assert.Contains("*eNPS:* +25 (n=4: 2 promoters, 1 passives, 1 detractors)", text, StringComparison.Ordinal);

        var refused = await bot.SendCommand(PulseCommand.Command, "results", People[0]);
        Assert.Equal(PulseCommand.RefusalText, (string?)refused!["text"]);
        Assert.Null(refused["blocks"]);

        // Nothing in the database links a person to an answer any more.
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(bot.DatabasePath, "SELECT COUNT(*) FROM pulse_participations"));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(bot.DatabasePath, "SELECT COUNT(*) FROM pulse_deliveries"));
        var holding = await PulseDatabaseScan.AssertNoLinkBetweenPeopleAndAnswers(bot.DatabasePath, People, ["pulse_answer", "pulse_q", "pulse_enps"]);
        Assert.Contains("slack_users", holding); // the scan does see people where they legitimately are
    }

    [SqliteOnlyFact]
    public async Task CommentButton_OpensTheModalWithTheTriggerId_AndTheSubmissionStoresTheCommentWithoutAUserId()
    {
        await using var bot = await Start();
        var dms = await SendNow(bot);
        var alice = dms[People[0]];

        var click = Click(People[0], alice, CommentBlock, PulseBlocks.CommentButtonText);
        await bot.SendInteraction(click);

        var open = Assert.Single(bot.Slack.Calls("views.open"));
        Assert.Equal((string?)click["trigger_id"], open.Arg("trigger_id"));
        var view = JsonNode.Parse(open.Arg("view")!)!;
        Assert.Equal(PulseCommentSubmission.CallbackId, (string?)view["callback_id"]);
        var metadata = (string)view["private_metadata"]!;

        // Nothing written: the modal says so under the input. Someone the pulse was not sent to cannot comment.
        var empty = await bot.SendInteraction(CommentSubmission(People[0], "   ", metadata));
        Assert.Equal("errors", (string?)empty!["response_action"]);
        Assert.NotNull(empty["errors"]![PulseCommentSubmission.BlockId]);
        var stranger = await bot.SendInteraction(CommentSubmission(Hr, "I was not asked", metadata));
        Assert.Equal("This pulse survey was sent to someone else.", (string?)stranger!["errors"]![PulseCommentSubmission.BlockId]);

        // A comment button clicked in someone else's DM opens nothing and says why.
        await bot.SendInteraction(Click(People[1], alice, CommentBlock, PulseBlocks.CommentButtonText));
        Assert.Single(bot.Slack.Calls("views.open"));
        Assert.Equal(People[1], Assert.Single(bot.Slack.Calls("chat.postEphemeral")).Arg("user"));

        var stored = await bot.SendInteraction(CommentSubmission(People[0], "  The new rota helps a lot  ", metadata));
        Assert.Null(stored); // the modal closes

        var comment = await bot.Db(db => db.Set<PulseComment>().AsNoTracking().SingleAsync());
        Assert.Equal("The new rota helps a lot", comment.Text);
        var columns = await PulseDatabaseScan.Strings(bot.DatabasePath, "SELECT name FROM pragma_table_info('pulse_comments')");
        Assert.DoesNotContain(columns, c => c.Contains("user", StringComparison.Ordinal));
        var participation = await bot.Db(db => db.Set<PulseParticipation>().AsNoTracking().SingleAsync());
        Assert.Equal(comment.Id, participation.CommentId);
        Assert.DoesNotContain(People[0], participation.Key, StringComparison.Ordinal);

        // Confirmed privately; the DM is not touched (it must not show who commented). Reopened, the modal says a
        // comment is stored without showing it; a second submission replaces the first.
        var saved = bot.Slack.Calls("chat.postEphemeral")[^1];
        Assert.Equal((People[0], alice.Channel, PulseBlocks.CommentSavedText), (saved.Arg("user"), saved.Arg("channel"), saved.Arg("text")));
        Assert.Empty(bot.Slack.Calls("chat.update"));
        await bot.SendInteraction(Click(People[0], alice, CommentBlock, PulseBlocks.CommentButtonText));
        var reopened = bot.Slack.Calls("views.open")[^1].Arg("view")!;
        Assert.Contains("You have already sent a comment", reopened, StringComparison.Ordinal);
        Assert.DoesNotContain("rota", reopened, StringComparison.Ordinal);
        await bot.SendInteraction(CommentSubmission(People[0], "Edited: the rota helps", metadata));
        Assert.Equal("Edited: the rota helps", (await bot.Db(db => db.Set<PulseComment>().AsNoTracking().SingleAsync())).Text);

        // After closing, the comment is still there and nothing links it to the person.
        bot.Time.Advance(TimeSpan.FromDays(3));
        await Tick(bot);
        Assert.Equal("Edited: the rota helps", (await bot.Db(db => db.Set<PulseComment>().AsNoTracking().SingleAsync())).Text);
        await PulseDatabaseScan.AssertNoLinkBetweenPeopleAndAnswers(bot.DatabasePath, People, ["rota"]);
    }

    [Fact]
    public async Task Export_ByHr_UploadsACsvToTheHrDmThatShowsOnlyWhatTheThresholdAllows()
    {
        // The teams exist in Slack before the host starts, so the start-up sync (which Start waits for) stores them.
        // Added later, a start-up sync that read Slack before them could mark a team gone after the test's own sync.
        await using var bot = await Start(
            new()
            {
                ["Leaderboards:Teams:0"] = "S0ALPHA",
                ["Leaderboards:Teams:1"] = "S0BETA",
                ["Leaderboards:Teams:2"] = "S0GAMMA",
            },
            arrange: slack =>
            {
                slack.AddUserGroup("S0ALPHA", "alpha", People[..3], "Alpha team");
                slack.AddUserGroup("S0BETA", "beta", People[3..6], "Beta team");
                slack.AddUserGroup("S0GAMMA", "gamma", People[6..], "Gamma team");
            });
        var dms = await SendNow(bot);

        // Seven answer the first statement: Alpha 3, Beta 3, Gamma 1. Two answer the second, two the eNPS, two comment.
        int[] q1 = [4, 4, 4, 5, 5, 5, 1];
        for (var i = 0; i < q1.Length; i++)
        {
            await Answer(bot, dms[People[i]], Q1, q1[i]);
        }

        await Answer(bot, dms[People[0]], Q2, 3);
        await Answer(bot, dms[People[1]], Q2, 3);
        await Answer(bot, dms[People[0]], Enps, 10);
        await Answer(bot, dms[People[1]], Enps, 10);
        foreach (var person in People[..2])
        {
            await bot.SendInteraction(Click(person, dms[person], CommentBlock, PulseBlocks.CommentButtonText));
            var metadata = (string)JsonNode.Parse(bot.Slack.Calls("views.open")[^1].Arg("view")!)!["private_metadata"]!;
            Assert.Null(await bot.SendInteraction(CommentSubmission(person, "secret remark " + person, metadata)));
        }

        bot.Time.Advance(TimeSpan.FromDays(3));
        await Tick(bot);

        var answer = await bot.SendCommand(PulseCommand.Command, "export", Hr);
        Assert.Contains("CSV", (string?)answer!["text"], StringComparison.Ordinal);
        var complete = Assert.Single(await bot.Slack.WaitForCalls("files.completeUploadExternal", 1, Patience));
        Assert.Equal(bot.Slack.DmChannelId(Hr), complete.Arg("channel_id"));
        var methods = bot.Slack.Calls().Select(c => c.Method).ToList();
        Assert.True(methods.IndexOf("files.getUploadURLExternal") < methods.IndexOf("files.completeUploadExternal"));
        Assert.Equal(Hr, bot.Slack.Calls("conversations.open")[^1].Arg("users"));

        var file = Assert.Single(bot.Slack.Files());
        Assert.True(file.Completed);
        Assert.Equal("pulse-2026-11-25.csv", file.FileName);
        var lines = Encoding.UTF8.GetString(file.Content!).ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal("section,team,question,n,value,favourable_percent,change,detail", lines[0]);
        Assert.Contains("response_rate,,,7,87.5,,,7 of 8", lines);
        Assert.Contains("question,,I feel my work is recognised.,7,4,85.71,,1:1 2:0 3:0 4:3 5:3", lines);
        Assert.DoesNotContain(lines, l => l.Contains("I know what is expected", StringComparison.Ordinal)); // 2 answers
        Assert.DoesNotContain(lines, l => l.StartsWith("enps,", StringComparison.Ordinal)); // 2 answers
        Assert.DoesNotContain(lines, l => l.StartsWith("comment,", StringComparison.Ordinal) || l.Contains("secret remark", StringComparison.Ordinal)); // 2 comments

        // Gamma (1 response) is hidden, and so is the smallest shown team, else the total would give Gamma away.
        var team = Assert.Single(lines, l => l.StartsWith("team,", StringComparison.Ordinal));
        Assert.Equal("team,Beta team,,3,5,100,,", team);
    }

    [Fact]
    public async Task Export_FewerResponsesThanTheThreshold_SendsNoFileButSaysWhy()
    {
        await using var bot = await Start();
        var dms = await SendNow(bot);
        await Answer(bot, dms[People[0]], Q1, 4);
        await Answer(bot, dms[People[1]], Q1, 5);
        bot.Time.Advance(TimeSpan.FromDays(3));
        await Tick(bot);

        await bot.SendCommand(PulseCommand.Command, "export", Hr);

        var posts = await bot.Slack.WaitForCalls("chat.postMessage", 9, Patience);
        var note = Assert.Single(posts, p => p.Arg("channel") == bot.Slack.DmChannelId(Hr));
        Assert.Equal("No export: not enough responses yet to keep answers anonymous (2 of 3 needed)", note.Arg("text"));
        Assert.Empty(bot.Slack.Files());
        Assert.Empty(bot.Slack.Calls("files.getUploadURLExternal"));
    }

    [SqliteOnlyFact]
    public async Task AnonymityRound_SixAnswerOneChangesOneCommentsThenPulseClose_NothingInSlackOrTheFileLinksAPersonToAnAnswer()
    {
        var logs = new LogSink();
        await using var bot = await Start(
            new() { ["Logging:LogLevel:Default"] = "Debug", ["Logging:Console:LogLevel:Default"] = "Warning" },
            s => s.AddSingleton<ILoggerProvider>(logs));
        var dms = await SendNow(bot);

        // Six of the eight answer (different values), one changes an answer, one comments; two get the reminder.
        for (var i = 0; i < 6; i++)
        {
            await Answer(bot, dms[People[i]], Q1, 1 + (i % 5));
            await Answer(bot, dms[People[i]], Q2, 5 - (i % 5));
            await Answer(bot, dms[People[i]], Enps, 10 - i);
        }

        await Answer(bot, dms[People[2]], Q1, 5);
        await bot.SendInteraction(Click(People[0], dms[People[0]], CommentBlock, PulseBlocks.CommentButtonText));
        var metadata = (string)JsonNode.Parse(bot.Slack.Calls("views.open")[^1].Arg("view")!)!["private_metadata"]!;
        const string comment = "The new rota helps a lot";
        Assert.Null(await bot.SendInteraction(CommentSubmission(People[0], comment, metadata)));
        bot.Time.Advance(TimeSpan.FromHours(24));
        await Tick(bot);

        // What would link people to answers while the survey is open: keys, the salt, the DMs' channels and timestamps.
        var keys = await bot.Db(db => db.Set<PulseParticipation>().Select(p => p.Key).ToListAsync());
        var salt = (await bot.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).Salt!;
        var deliveries = await bot.Db(db => db.Set<PulseDelivery>().AsNoTracking().ToListAsync());
        var reminders = deliveries.Where(d => d.ReminderTs is not null).ToList();
        Assert.Equal(6, keys.Count);
        Assert.Equal(32, salt.Length);
        Assert.Equal([People[6], People[7]], reminders.Select(r => r.UserId).Order());

        var answer = await bot.SendCommand(PulseCommand.Command, "close", Hr);
        Assert.StartsWith("Closing the pulse that opened 25 Nov.", (string?)answer!["text"], StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + Patience;
        while ((await bot.Db(db => db.Set<PulseSurvey>().AsNoTracking().SingleAsync())).CleanedUpAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The clean-up after /pulse close did not finish.");
            await Task.Delay(20);
        }

        // Slack's persistent history: no version of any message depends on the values chosen. Same progress, same DM.
        var channels = deliveries.Select(d => d.ChannelId!).ToHashSet();
        var history = bot.Slack.PersistentHistory().Where(v => channels.Contains(v.Channel)).ToList();
        Assert.All(history, v => Assert.DoesNotContain("\"style\"", v.Content, StringComparison.Ordinal));
        Assert.All(history, v => Assert.DoesNotContain("your answer:", v.Content, StringComparison.OrdinalIgnoreCase));
        Assert.All(history, v => Assert.DoesNotContain("Saved:", v.Content, StringComparison.Ordinal));
        Assert.All(history, v => Assert.DoesNotContain("comment", v.Content.Replace(PulseBlocks.CommentButtonText, string.Empty, StringComparison.Ordinal).Replace("pulse_comment", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        foreach (var versions in history.Where(v => v.Change != FakeSlackMessageChange.Deleted).GroupBy(v => Progress().Match(v.Content) is { Success: true } m ? m.Value : v.Text))
        {
            Assert.Single(versions.Select(v => v.Content).Distinct());
        }

        // Every survey DM now reads "closed" with no buttons; every reminder is deleted.
        var current = bot.Slack.CurrentMessages().Where(v => channels.Contains(v.Channel)).ToList();
        Assert.Equal(deliveries.Select(d => (d.ChannelId, d.MessageTs)).Order(), current.Select(v => ((string?)v.Channel, (string?)v.Ts)).Order());
        Assert.All(current, v => Assert.Equal(PulseBlocks.ClosedText, v.Text));
        Assert.All(current, v => Assert.DoesNotContain("pulse_answer", v.Content, StringComparison.Ordinal));
        Assert.Equal(reminders.Select(r => r.ReminderTs).Order(), history.Where(v => v.Change == FakeSlackMessageChange.Deleted).Select(v => (string?)v.Ts).Order());

        // The confirmations went out, ephemerally only (Slack keeps no history of them).
        Assert.Equal(6 * 3 + 1 + 1, bot.Slack.Calls("chat.postEphemeral").Count(c => c.Arg("text")!.StartsWith("Saved: ", StringComparison.Ordinal) || c.Arg("text") == PulseBlocks.CommentSavedText));

        // The database file and its WAL, byte for byte, free pages included: no key, no salt, no DM reference.
        Assert.True(File.Exists(bot.DatabasePath + "-wal")); // the bot is still running: the WAL is there to be read
        var needles = keys.Concat(deliveries.Select(d => d.MessageTs!)).Concat(reminders.Select(r => r.ReminderTs!)).Concat(channels).ToList();
        Assert.Empty(PulseDatabaseScan.FoundInFileBytes(bot.DatabasePath, needles, [salt]));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(bot.DatabasePath, "SELECT COUNT(*) FROM pulse_participations"));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(bot.DatabasePath, "SELECT COUNT(*) FROM pulse_deliveries"));
        Assert.Equal(0L, await PulseDatabaseScan.Scalar(bot.DatabasePath, "SELECT COUNT(*) FROM pulse_surveys WHERE salt IS NOT NULL"));
        await PulseDatabaseScan.AssertNoLinkBetweenPeopleAndAnswers(bot.DatabasePath, People, [comment, "pulse_answer", "pulse_q", "pulse_enps"]);
        Assert.Equal(comment, (await bot.Db(db => db.Set<PulseComment>().AsNoTracking().SingleAsync())).Text); // kept, without a name

        // The logs, at Debug: no key, no salt, no comment, and no line naming a person beside an answer.
        var lines = logs.Entries.Select(e => e.Message).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => keys.Any(k => l.Contains(k, StringComparison.Ordinal)) || l.Contains(Convert.ToHexString(salt), StringComparison.OrdinalIgnoreCase) || l.Contains(comment, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => People.Any(p => l.Contains(p, StringComparison.Ordinal)) && (l.Contains("pulse_answer", StringComparison.Ordinal) || l.Contains("Saved:", StringComparison.Ordinal)));

        // HR still gets the figures.
        var results = await bot.SendCommand(PulseCommand.Command, "results", Hr);
        Assert.Contains("*Response rate:* 75% (6 of 8)", AllText(results!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OldConfigurationWithResponseSalt_StartsAndLogsThatItIsNoLongerNeeded()
    {
        var logs = new LogSink();
        await using var bot = await Start(
            new() { ["Pulse:ResponseSalt"] = "an-old-configuration-salt-0123456789", ["Logging:LogLevel:Default"] = "Information", ["Logging:Console:LogLevel:Default"] = "Warning" },
            s => s.AddSingleton<ILoggerProvider>(logs));

        var deadline = DateTime.UtcNow + Patience;
        while (!logs.Entries.Any(e => e.EventId == 2521))
        {
            Assert.True(DateTime.UtcNow < deadline, "No log line said that Pulse:ResponseSalt is no longer needed.");
            await Task.Delay(20);
        }

        var line = logs.Entries.First(e => e.EventId == 2521);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.DoesNotContain("an-old-configuration-salt", line.Message, StringComparison.Ordinal);
    }

    internal sealed record Dm(string User, string Channel, string Ts, JsonArray Blocks);

    private static async Task<BotHarness> Start(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null, Action<FakeSlackWebApi>? arrange = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pulse:Audience"] = Audience,
            ["Pulse:Hr:0"] = Hr,
            ["Pulse:AnonymityThreshold"] = "3",
            ["Pulse:OpenDays"] = "3",
            ["Pulse:ReminderAfterHours"] = "24",
            ["Pulse:EnpsEverySurveys"] = "1",

            // The bot's own DM pacing waits on the host clock, which the test moves by hand.
            ["Pulse:DmsPerMinute"] = "0",
            ["Pulse:CloseUpdatesPerMinute"] = "0",

            // Hangfire fires on real time: keep its pulse schedule out of the way; the test runs each tick.
            ["Pulse:Cron"] = "0 0 1 1 *",
            ["Pulse:TickCron"] = "0 0 1 1 *",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var bot = await BotHarness.Start(settings, services: services, arrange: arrange);

        // The start-up user group sync runs in the background; a test that changes Slack's groups must not race it.
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await bot.Services.GetRequiredService<UserGroupSyncStatus>().WaitForFirstSync(patience.Token);
        }

        foreach (var person in People)
        {
            bot.Slack.AddUser(person, person.ToLowerInvariant(), tz: "Europe/London");
        }

        bot.Slack.AddUser(Hr, "hr.lead", tz: "Europe/London");
        bot.Slack.AddUser(OtherBot, "robot", isBot: true);
        bot.Slack.AddUser(Deactivated, "gone", deleted: true);
        bot.Slack.SetChannelMembers(Audience, [.. People, OtherBot, Deactivated, BotHarness.BotUserId]);
        return bot;
    }

    /// <summary><c>/pulse send-now</c> by HR; waits until every DM went out and the fan-out is over.</summary>
    private static async Task<IReadOnlyDictionary<string, Dm>> SendNow(BotHarness bot)
    {
        var answer = await bot.SendCommand(PulseCommand.Command, "send-now", Hr);
        Assert.StartsWith("Opened a pulse", (string?)answer!["text"], StringComparison.Ordinal);
        var posts = await bot.Slack.WaitForCalls("chat.postMessage", People.Length, Patience);

        var gate = bot.Services.GetRequiredService<PulseFanOutGate>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var sent = await bot.Db(db => db.Set<PulseDelivery>().CountAsync(d => d.State == PulseDeliveryState.Sent));
            if (sent == People.Length && await gate.TryEnter())
            {
                gate.Exit();
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The fan-out did not finish: {sent} DM(s) recorded as sent.");
            await Task.Delay(20);
        }

        var deliveries = await bot.Db(db => db.Set<PulseDelivery>().AsNoTracking().ToListAsync());
        return deliveries.ToDictionary(
            d => d.UserId,
            d => new Dm(d.UserId, d.ChannelId!, d.MessageTs!, JsonNode.Parse(Assert.Single(posts, p => p.Arg("channel") == d.UserId).Arg("blocks")!)!.AsArray()));
    }

    /// <summary>
    /// The recipient clicks <paramref name="value"/> for one question in their own DM: the value is confirmed in an
    /// ephemeral message only; an update of the DM (when their progress changed) shows no value.
    /// </summary>
    internal static async Task Answer(BotHarness bot, Dm dm, string blockId, int value)
    {
        var label = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var updatesBefore = bot.Slack.Calls("chat.update").Count;
        var ephemeralsBefore = bot.Slack.Calls("chat.postEphemeral").Count;
        Assert.Null(await bot.SendInteraction(Click(dm.User, dm, blockId, label)));

        var ephemerals = bot.Slack.Calls("chat.postEphemeral");
        Assert.Equal(ephemeralsBefore + 1, ephemerals.Count);
        Assert.Equal((dm.User, dm.Channel), (ephemerals[^1].Arg("user"), ephemerals[^1].Arg("channel")));
        Assert.StartsWith($"Saved: {label} for question ", ephemerals[^1].Arg("text"), StringComparison.Ordinal);

        var updates = bot.Slack.Calls("chat.update");
        Assert.InRange(updates.Count, updatesBefore, updatesBefore + 1);
        if (updates.Count > updatesBefore)
        {
            var update = updates[^1];
            Assert.Equal((dm.Channel, dm.Ts, PulseBlocks.ThanksText), (update.Arg("channel"), update.Arg("ts"), update.Arg("text")));
            Assert.Matches("\\*\\d of \\d answered\\.\\*", update.Arg("blocks"));
            Assert.All(Buttons(JsonNode.Parse(update.Arg("blocks")!)!.AsArray(), blockId), b => Assert.Null(b["style"]));
        }
    }

    /// <summary>A signed block_actions payload for the button labelled <paramref name="label"/> in <paramref name="dm"/>, clicked by <paramref name="userId"/>.</summary>
    private static JsonObject Click(string userId, Dm dm, string blockId, string label)
    {
        var button = Assert.Single(Buttons(dm.Blocks, blockId), b => Label(b) == label);
        return BotHarness.ButtonClick(userId, (string)button["action_id"]!, (string)button["value"]!, dm.Channel, dm.Ts, blockId);
    }

    private static IEnumerable<JsonNode> Buttons(JsonArray blocks, string blockId) =>
        Assert.Single(blocks, b => (string?)b!["block_id"] == blockId)!["elements"]!.AsArray().Select(e => e!);

    private static string? Label(JsonNode button) => button["text"] is JsonObject text ? (string?)text["text"] : (string?)button["text"];

    private static JsonObject CommentSubmission(string userId, string text, string metadata)
    {
        var state = new JsonObject
        {
            [PulseCommentSubmission.BlockId] = new JsonObject
            {
                [PulseCommentSubmission.InputActionId] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text },
            },
        };
        return BotHarness.ViewSubmission(userId, PulseCommentSubmission.CallbackId, state, metadata);
    }

    private static Task<bool> Tick(BotHarness bot) => bot.InScope<PulseTickJob, bool>(async job =>
    {
        await job.Run(CancellationToken.None);
        return true;
    });

    [System.Text.RegularExpressions.GeneratedRegex(@"\*\d+ of \d+ answered\.\*")]
    private static partial System.Text.RegularExpressions.Regex Progress();

    /// <summary>Every <c>text</c> string in a message (its text and all its blocks), one per line.</summary>
    private static string AllText(JsonNode node)
    {
        var texts = new List<string>();
        Collect(node, texts);
        return string.Join("\n", texts);

        static void Collect(JsonNode? node, List<string> texts)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "text" && value is JsonValue v && v.TryGetValue<string>(out var s))
                        {
                            texts.Add(s);
                        }
                        else
                        {
                            Collect(value, texts);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Collect(item, texts);
                    }

                    break;
            }
        }
    }
}
