extern alias loadharness;

using System.Globalization;
using System.Net;
using System.Text;
using loadharness::SlackChampionBot.LoadTests;
using Npgsql;
using SlackChampionBot.Sandbox;
using SlackChampionBot.TestSupport;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Hosting;

/// <summary>
/// Issue #15's multi-instance check: two built bots as their own processes on one PostgreSQL database, Slack's signed
/// events split between them over HTTP, one of them killed with SIGKILL half-way and started again. Whatever either
/// instance acknowledged is handled once, whichever instance ends up running it: no event lost, no star doubled, every
/// win celebrated once, the weekly post (due as both start) posted once, a pulse round's DMs sent once each.
/// </summary>
public sealed class MultiInstanceTests
{
    private const string Prefix = "EvMULTI";
    private const int Events = 10_000;
    private const int WinEvery = 100;
    private const int WinOffset = 7;
    private const int KillAt = Events / 2;
    private const int RestartAt = Events * 3 / 4;
    private const string WinsChannel = "C0WINS";
    private const string BoardChannel = "C0BOARD";
    private const string PulseChannel = "C0PULSE";
    private const string Hr = "U0HRLEAD";

    /// <summary>A win's poster earns this; each cheer of a win gives its poster one more (default Wins:StarsPerWin, cheers 1).</summary>
    private const int StarsPerWin = 1;

    /// <summary>
    /// Bounds on waits for what must happen (backstops against a hang, not speed claims). The drain bound covers the
    /// inbox's claim lease (Inbox:ClaimLeaseSeconds=10 here): the events the killed instance had claimed come
    /// due again only when it runs out.
    /// </summary>
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SendBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(120);

    // Two wins per poster (within Wins:MaxPaidWinsPerDay 3, so each pays); 20 cheerers give at most 3 cheers each
    // (within FairPlay:DailyGiveLimit 5), to different posters.
    private static readonly string[] Posters = [.. Enumerable.Range(0, 50).Select(i => $"U0POSTER{i:D2}")];
    private static readonly string[] Cheerers = [.. Enumerable.Range(0, 20).Select(i => $"U0CHEER{i:D2}")];
    private static readonly string[] PulsePeople = [.. Enumerable.Range(1, 5).Select(i => $"U0PULSE{i}")];

    [PostgresFact]
    public async Task TwoInstancesOnOneDatabase_10000EventsOneKilledHalfWayAndRestarted_NothingLostOrDoubled()
    {
        using var temp = new TempDirectory();
        await using var database = await HarnessDatabase.CreatePostgres(PostgresTestServer.ServerConnectionString!, "championbot_multi");
        await using var slack = await FakeSlackWebApi.StartAsync();
        Arrange(slack);
        var settings = Settings(slack, database);
        var bots = new List<BotProcess>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            // Both start at once, as a deployment would: one applies the migrations, both try the weekly catch-up.
            bots.Add(HostProcess.Start(settings, temp.Path));
            bots.Add(HostProcess.Start(settings, temp.Path));
            await Task.WhenAll(bots.Select(b => b.WaitFor200(http, "readyz", StartBound)));
            var (first, second) = (bots[0], bots[1]);

            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var events = Build(now);
            var acked = new HashSet<string>(StringComparer.Ordinal);

            // First half, round-robin, with HR opening a pulse round on the second instance meanwhile.
            var pulse = SendNow(http, second);
            await SendRoundRobin(events, 0, KillAt, [first, second], second, acked);
            Assert.StartsWith("Opened a pulse", await pulse, StringComparison.Ordinal);

            // The cheers (sent after the restart) are for the first half's wins: a person cheers a win they saw
            // celebrated, so those are recorded before the kill (a cheer of a win no instance has recorded yet earns
            // nothing; see the report on issue #15).
            await Eventually.Until(Polled(() => Scalar(database, "SELECT COUNT(*) FROM wins") == KillAt / WinEvery), "the first half's wins recorded", DrainBound);

            // Second quarter: the first instance is killed while its share is on the wire. What it did not answer is
            // not acknowledged; Slack would retry it, so the retry (same event_id) goes to the survivor.
            var rowsAtKill = Scalar(database, "SELECT COUNT(*) FROM slack_event_inbox") + 300;
            var killing = Task.Run(async () =>
            {
                await Eventually.Until(Polled(() => Scalar(database, "SELECT COUNT(*) FROM slack_event_inbox") >= rowsAtKill, 10), "the second quarter under way", SendBound);
                await first.Kill();
            });
            var unanswered = await SendRoundRobin(events, KillAt, RestartAt, [first, second], second, acked);
            await killing;
            Assert.True(unanswered > 0, "every event sent to the first instance was answered before it died: the kill came too late to prove anything");

            // The first instance again, on the same database; the last quarter goes to both.
            var restarted = HostProcess.Start(settings, temp.Path);
            bots.Add(restarted);
            await restarted.WaitFor200(http, "readyz", StartBound);
            await SendRoundRobin(events, RestartAt, Events, [restarted, second], second, acked);
            Assert.Equal(Events, acked.Count);

            // Every acknowledged event is handled (the killed instance's claims come back when their lease runs out).
            await Eventually.Until(
                Polled(() => Scalar(database, $"SELECT COUNT(*) FROM slack_event_inbox WHERE event_id LIKE '{Prefix}%' AND status = 'done'") == Events),
                "every acknowledged event done",
                DrainBound);
            await Eventually.Until(() => PulseDms(slack).Count == PulsePeople.Length, "the pulse DMs", DrainBound);

            // Each acknowledged event stored once (the key says so) and done; nothing failed or is left pending.
            Assert.Equal(Events, Scalar(database, $"SELECT COUNT(*) FROM slack_event_inbox WHERE event_id LIKE '{Prefix}%'"));
            Assert.Equal(0, Scalar(database, "SELECT COUNT(*) FROM slack_event_inbox WHERE status <> 'done'"));

            // Stars: no natural fact twice, and exactly what the events give (each win its poster's, each cheer one).
            var wins = events.Count(e => e.Kind == EventKind.Win);
            var cheers = events.Count(e => e.Kind == EventKind.Cheer);
            Assert.Equal(0, Scalar(database, "SELECT COUNT(*) FROM (SELECT natural_key FROM star_entries GROUP BY team_id, natural_key HAVING COUNT(*) > 1) AS doubled"));
            Assert.Equal(0, Scalar(database, "SELECT COUNT(*) FROM (SELECT source_event_id, giver_id, receiver_id FROM star_entries WHERE source_event_id IS NOT NULL GROUP BY source_event_id, giver_id, receiver_id HAVING COUNT(*) > 1) AS doubled"));
            Assert.Equal((wins * StarsPerWin) + cheers, Scalar(database, "SELECT COALESCE(SUM(amount), 0) FROM star_entries"));
            Assert.Equal(wins, Scalar(database, "SELECT COUNT(*) FROM wins"));

            // Each win's celebration reply in its thread once, at the fake Slack: exactly once, except for a win whose
            // reply the killed instance had claimed and not yet finished (left Replied: its outcome unknown, so never
            // sent again, at most once by design), which has at most one. Every other win is Done.
            var replies = slack.Calls("chat.postMessage").Where(c => c.Arg("channel") == WinsChannel && c.Arg("thread_ts") is not null)
                .GroupBy(c => c.Arg("thread_ts")!).ToDictionary(g => g.Key, g => g.Count());
            var winTs = events.Where(e => e.Kind == EventKind.Win).Select(e => e.Ts).ToList();
            var cutOff = Scalar(database, "SELECT COUNT(*) FROM wins WHERE celebration = 2");
            Assert.InRange(cutOff, 0, 16); // at most what the killed instance had in hand (its dispatch concurrency is 8 lanes)
            Assert.Equal(wins - cutOff, Scalar(database, "SELECT COUNT(*) FROM wins WHERE celebration = 0"));
            Assert.InRange(replies.Count, winTs.Count - cutOff, winTs.Count);
            Assert.Subset(winTs.ToHashSet(StringComparer.Ordinal), replies.Keys.ToHashSet(StringComparer.Ordinal));
            Assert.All(replies.Values, count => Assert.Equal(1, count));

            // The weekly post: due as both instances started (and again for the restarted one, and on every
            // occurrence of its every-minute schedule), posted once.
            Assert.Single(slack.Calls("chat.postMessage"), c => c.Arg("channel") == BoardChannel);

            // The pulse round: one DM to each of the five, none to anyone else.
            var dms = PulseDms(slack);
            Assert.Equal(PulsePeople.Order(StringComparer.Ordinal), dms.Keys.Order(StringComparer.Ordinal));
            Assert.All(dms, dm => Assert.True(dm.Value == 1, $"{dm.Key} got {dm.Value} pulse DMs"));
        }
        catch
        {
            foreach (var bot in bots)
            {
                Console.Error.WriteLine($"--- bot {bot.Pid} ---\n{Tail(bot.StandardError + bot.StandardOutput)}");
            }

            throw;
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    private enum EventKind
    {
        Chatter,
        Win,
        Cheer,
    }

    private sealed record TestEvent(int N, EventKind Kind, string Ts, SignedEvent Signed);

    /// <summary>
    /// The 10,000 events: the load harness's messages (in a channel Wins ignores) as chatter, every 100th a win in the
    /// wins channel by one of 50 posters, and in the last quarter a :star: cheer of each first-half win.
    /// </summary>
    private static List<TestEvent> Build(long now)
    {
        var key = Encoding.UTF8.GetBytes(HarnessBot.Secret);
        var timestamp = now.ToString(CultureInfo.InvariantCulture);
        var chatter = SignedEvents.Create(HarnessBot.Secret, Prefix, Events, retryEvery: 0, now);
        var cheerAt = Enumerable.Range(0, KillAt / WinEvery).ToDictionary(k => RestartAt + 3 + (k * 40), k => k);
        var events = new List<TestEvent>(Events);
        for (var n = 0; n < Events; n++)
        {
            var id = $"{Prefix}{n:D6}";
            var ts = $"{now}.{n:D6}";
            string body;
            EventKind kind;
            if (n % WinEvery == WinOffset)
            {
                var k = n / WinEvery;
                kind = EventKind.Win;
                body = Callback(id, now, $$"""{"type":"message","channel":"{{WinsChannel}}","user":"{{Posters[k % Posters.Length]}}","text":"#win number {{k}}: a customer's refund went through the same day","ts":"{{ts}}","event_ts":"{{ts}}","channel_type":"channel"}""");
            }
            else if (cheerAt.TryGetValue(n, out var k))
            {
                kind = EventKind.Cheer;
                var win = (k * WinEvery) + WinOffset;
                body = Callback(id, now, $$"""{"type":"reaction_added","user":"{{Cheerers[k % Cheerers.Length]}}","reaction":"star","item_user":"{{Posters[k % Posters.Length]}}","item":{"type":"message","channel":"{{WinsChannel}}","ts":"{{now}}.{{win:D6}}"},"event_ts":"{{ts}}"}""");
            }
            else
            {
                kind = EventKind.Chatter;
                body = Encoding.UTF8.GetString(chatter[n].Body).Replace("T0LOAD", FakeSlackWebApi.TeamId, StringComparison.Ordinal);
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            events.Add(new TestEvent(n, kind, ts, new SignedEvent(id, bytes, timestamp, SignedEvents.Sign(key, timestamp, bytes), 0)));
        }

        return events;
    }

    private static string Callback(string eventId, long now, string inner) =>
        $$"""{"token":"unused","team_id":"{{FakeSlackWebApi.TeamId}}","api_app_id":"A0APP","event":{{inner}},"type":"event_callback","event_id":"{{eventId}}","event_time":{{now}}}""";

    /// <summary>
    /// Sends events [from, to) round-robin to <paramref name="bots"/> with the harness's client (its keep-alive
    /// connections, one runner per bot at once). What is not answered 200 is not acknowledged: it is sent again, as
    /// Slack's retry (same body and event_id, <c>X-Slack-Retry-Num: 1</c>), to <paramref name="survivor"/>, which must
    /// acknowledge it. Returns how many needed that retry.
    /// </summary>
    private static async Task<int> SendRoundRobin(List<TestEvent> events, int from, int to, BotProcess[] bots, BotProcess survivor, HashSet<string> acked)
    {
        var shares = bots.Select((bot, i) => events.Skip(from).Take(to - from).Where(e => e.N % bots.Length == i).Select(e => e.Signed).ToList()).ToArray();
        var results = await Task.WhenAll(bots.Select((bot, i) => new LoadRunner(bot.BaseAddress).Run(shares[i], SendBound)));
        Assert.DoesNotContain(results.SelectMany(r => r.Failures), f => f.StartsWith("time limit", StringComparison.Ordinal));
        var unanswered = results.SelectMany(r => r.Failures).Select(f => f.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var e in events.Skip(from).Take(to - from).Where(e => !unanswered.Contains(e.Signed.EventId)))
        {
            acked.Add(e.Signed.EventId);
        }

        if (unanswered.Count > 0)
        {
            var retries = events.Skip(from).Take(to - from).Where(e => unanswered.Contains(e.Signed.EventId)).Select(e => e.Signed with { RetryNum = 1 }).ToList();
            var retried = await new LoadRunner(survivor.BaseAddress).Run(retries, SendBound);
            Assert.True(retried.Failures.Count == 0, $"the survivor refused retries: {string.Join("; ", retried.Failures.Take(5))}");
            foreach (var retry in retries)
            {
                acked.Add(retry.EventId);
            }
        }

        return unanswered.Count;
    }

    /// <summary><c>/pulse send-now</c> by HR, signed as Slack signs a slash command; returns the answer's text.</summary>
    private static async Task<string> SendNow(HttpClient http, BotProcess bot)
    {
        var form = new Dictionary<string, string>
        {
            ["team_id"] = FakeSlackWebApi.TeamId,
            ["channel_id"] = "C0GENERAL",
            ["user_id"] = Hr,
            ["user_name"] = "hr.lead",
            ["command"] = "/pulse",
            ["text"] = "send-now",
            ["api_app_id"] = "A0APP",
            ["response_url"] = "http://127.0.0.1:9/unused",
            ["trigger_id"] = "trigger.multi",
        };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "slack/command"))
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } },
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SignedEvents.Sign(Encoding.UTF8.GetBytes(HarnessBot.Secret), timestamp, body));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/pulse send-now: {(int)response.StatusCode} {text}");
        return (string?)System.Text.Json.Nodes.JsonNode.Parse(text)?["text"] ?? text;
    }

    /// <summary>Pulse DMs at the fake: chat.postMessage to a person of the round (the bot opens a DM by user id).</summary>
    private static Dictionary<string, int> PulseDms(FakeSlackWebApi slack) =>
        slack.Calls("chat.postMessage").Select(c => c.Arg("channel")!).Where(c => PulsePeople.Contains(c) || c == Hr)
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());

    private static void Arrange(FakeSlackWebApi slack)
    {
        foreach (var person in Posters.Concat(Cheerers))
        {
            slack.AddUser(person, person.ToLowerInvariant(), tz: "Europe/London");
        }

        // Each pulse person's local noon is now, so "send now" falls inside the 08:00-18:00 send window wherever the
        // test runs (Etc/GMT-N is UTC+N).
        var offset = 12 - DateTime.UtcNow.Hour;
        var zone = offset switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT-{offset}", _ => $"Etc/GMT+{-offset}" };
        foreach (var person in PulsePeople)
        {
            slack.AddUser(person, person.ToLowerInvariant(), tz: zone);
        }

        slack.AddUser(Hr, "hr.lead", tz: "Europe/London");
        slack.AddChannel(WinsChannel, "wins");
        slack.AddChannel(BoardChannel, "leaderboard");
        slack.AddChannel(PulseChannel, "pulse");
        slack.SetChannelMembers(PulseChannel, [.. PulsePeople, FakeSlackWebApi.BotUserId]);
    }

    private static Dictionary<string, string?> Settings(FakeSlackWebApi slack, HarnessDatabase database)
    {
        var settings = HarnessBot.Environment(slack.BaseUrl, database);
        settings["WINS__CHANNELS__0"] = WinsChannel;

        // The weekly post is due at every minute (its once-a-week row says whether it is done): each start-up's
        // catch-up and each occurrence of the schedule try to post it.
        settings["LEADERBOARDS__CHANNEL"] = BoardChannel;
        settings["LEADERBOARDS__WEEKLYPOSTCRON"] = "* * * * *";
        settings["LEADERBOARDS__CATCHUPWINDOWHOURS"] = "1";
        settings["LEADERBOARDS__CHART"] = "false";

        // A round opened by /pulse send-now; the every-minute tick runs on whichever instance the scheduler picks.
        settings["PULSE__AUDIENCE"] = PulseChannel;
        settings["PULSE__HR__0"] = Hr;
        settings["PULSE__ANONYMITYTHRESHOLD"] = "3";
        settings["PULSE__CRON"] = "0 0 1 1 *";
        settings["PULSE__TICKCRON"] = "* * * * *";

        // A short claim lease, so the killed instance's claims come back within the test (longer than any handler
        // here takes, so a live instance's claims do not lapse).
        settings["INBOX__CLAIMLEASESECONDS"] = "10";

        // The bot's own pacing (one post a second per channel) would make 100 celebrations take 100 s; the fake
        // does not rate-limit, and pacing is not what this test is about.
        settings["SLACK__PACING__ENABLED"] = "false";
        settings["HOSTING__SHUTDOWNSECONDS"] = "5";
        return settings;
    }

    private static long Scalar(HarnessDatabase database, string sql)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A database condition for <see cref="Eventually.Until"/>, asked at most every <paramref name="ms"/> ms rather than its 5 ms.</summary>
    private static Func<bool> Polled(Func<bool> condition, int ms = 200)
    {
        var next = 0L;
        return () =>
        {
            if (Environment.TickCount64 < next)
            {
                return false;
            }

            next = Environment.TickCount64 + ms;
            return condition();
        };
    }

    private static string Tail(string text) => text[Math.Max(0, text.Length - 6000)..];
}
