using SlackChampionBot.Slack.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Tests.Support;

namespace SlackChampionBot.Tests.Persistence.Inbox;

/// <summary>The inbox keeps what dedupe needs, not what people wrote (read with SQL and from the file's bytes).</summary>
public sealed class InboxRetentionTests
{
    private const string PrivateWords = "zq-what-alice-told-the-bot-71";
    private const string ChannelWords = "zq-a-message-in-another-channel-72";

    [Fact]
    public async Task Processing_EventsOfEveryKind_LeavesNoRawBodyInTheTable()
    {
        await using var bot = await BotHarness.Start();

        await bot.SendEventAndWait(new { type = "message", channel = "C0OTHER", channel_type = "channel", user = "U0ALICE", text = ChannelWords, ts = "1700000000.000100" });
        await bot.SendEventAndWait(new { type = "reaction_added", user = "U0BOB", reaction = "star", item_user = "U0ALICE", item = new { type = "message", channel = "C0OTHER", ts = "1700000000.000100" }, event_ts = "1700000001.000100" });
        await bot.SendEventAndWait(new { type = "app_home_opened", user = "U0ALICE", channel = "D0ALICE", tab = "home", event_ts = "1700000002.000100" });
        await bot.SendEventAndWait(new { type = "message", subtype = "message_changed", hidden = true, channel = "C0OTHER", ts = "1700000003.000100", message = new { type = "message", user = "U0ALICE", text = ChannelWords + " (edited)", ts = "1700000000.000100" } });
        await bot.SendEventAndWait(new { type = "app_mention", user = "U0ALICE", channel = "C0OTHER", text = "<@U0BOT> hi", ts = "1700000004.000100" });

        Assert.Equal(5L, Scalar(bot, "SELECT COUNT(*) FROM slack_event_inbox WHERE status = 'done' AND processed_at IS NOT NULL"));
        Assert.Equal(0L, Scalar(bot, "SELECT COUNT(*) FROM slack_event_inbox WHERE raw_json IS NOT NULL"));
        Assert.Equal(5L, Scalar(bot, "SELECT COUNT(*) FROM slack_event_inbox WHERE transport = 'http'"));
    }

    [Fact]
    public async Task DirectMessage_IsStoredOnlyAsATombstone_NoHandlerRuns_AndItsRetryIsRecognised()
    {
        var seen = new ConcurrentQueue<string>();
        await using var bot = await BotHarness.Start(services: s =>
        {
            s.AddSingleton(seen);
            s.AddSlackNet(c => c.RegisterEventHandler<MessageEvent, SeenMessages>());
        });
        var dm = new { type = "message", channel = "D0ALICE", channel_type = "im", user = "U0ALICE", text = PrivateWords, ts = "1700000000.000200" };
        var dmChanged = new { type = "message", subtype = "message_changed", hidden = true, channel = "D0ALICE", ts = "1700000000.000300", message = new { type = "message", user = "U0BOT", text = "3 of 5 answered", ts = "1700000000.000100" } };

        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(dm, "Ev0DMTOMB")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(dm, "Ev0DMTOMB", retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.SendEvent(dmChanged, "Ev0DMCHANGED")).StatusCode);
        await bot.SendEventAndWait(new { type = "message", channel = "C0OTHER", channel_type = "channel", user = "U0ALICE", text = "after", ts = "1700000000.000400" }, "Ev0AFTER");

        Assert.Equal(1L, Scalar(bot, "SELECT COUNT(*) FROM slack_event_inbox WHERE event_id = 'Ev0DMTOMB'"));
        Assert.Equal(2L, Scalar(bot, "SELECT COUNT(*) FROM slack_event_inbox WHERE event_id IN ('Ev0DMTOMB', 'Ev0DMCHANGED') AND status = 'done' AND raw_json IS NULL AND attempts = 0 AND transport = 'http'"));
        Assert.Equal(["Ev0AFTER"], seen);
    }

    [Fact]
    public async Task BlankedBodies_AreGoneFromTheFileAfterACheckpoint()
    {
        await using var bot = await BotHarness.Start();

        await bot.SendEvent(new { type = "message", channel = "D0ALICE", channel_type = "im", user = "U0ALICE", text = PrivateWords, ts = "1700000000.000200" });
        await bot.SendEventAndWait(new { type = "message", channel = "C0OTHER", channel_type = "channel", user = "U0ALICE", text = ChannelWords + new string('.', 6000), ts = "1700000000.000100" });
        await bot.SendEventAndWait(new { type = "message", channel = "C0OTHER", channel_type = "channel", user = "U0BOB", text = ChannelWords + " short", ts = "1700000000.000500" });
        await Checkpoint(bot.DatabasePath);

        var bytes = FileBytes(bot.DatabasePath) + FileBytes(bot.DatabasePath + "-wal");
        Assert.DoesNotContain(PrivateWords, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelWords, bytes, StringComparison.Ordinal);
    }

    private static long Scalar(BotHarness bot, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={bot.DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Copies every page from the WAL into the file and truncates the WAL (waits, bounded, for a moment without readers).</summary>
    private static async Task Checkpoint(string database)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5000";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The WAL checkpoint stayed busy.");
            }

            await Task.Delay(50);
        }
    }

    private static string FileBytes(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Encoding.Latin1.GetString(copy.ToArray());
    }

    internal sealed class SeenMessages(ConcurrentQueue<string> seen, SlackRequestContext context) : IEventHandler<MessageEvent>
    {
        public Task Handle(MessageEvent slackEvent)
        {
            seen.Enqueue(context.EventId ?? "(none)");
            return Task.CompletedTask;
        }
    }
}
