namespace SlackChampionBot.Sandbox;

public enum FakeSlackMessageChange
{
    Posted,
    Updated,
    Deleted,
}

/// <summary>One version of a message in a conversation, as Slack's history keeps it (text and blocks as sent).</summary>
public sealed record FakeSlackMessageVersion(FakeSlackMessageChange Change, string Channel, string Ts, string Text, string? Blocks, DateTimeOffset Time)
{
    /// <summary>The text and the blocks, for searching what a reader of the history (or of an export) would see.</summary>
    public string Content => Text + "\n" + Blocks;
}

/// <summary>The fake's view of what stays in Slack: every version of every message, as a workspace's history keeps it.</summary>
public sealed partial class FakeSlackWebApi
{
    private readonly List<FakeSlackMessageVersion> _history = [];

    /// <summary>
    /// Everything the bot left in conversations, every version, in order: each accepted chat.postMessage and
    /// chat.update (a workspace that keeps message edit history, and the exports made from it, keep old versions too),
    /// and a <see cref="FakeSlackMessageChange.Deleted"/> marker for each chat.delete. Ephemeral messages are never here:
    /// Slack does not keep them.
    /// </summary>
    public IReadOnlyList<FakeSlackMessageVersion> PersistentHistory()
    {
        lock (_lock)
        {
            return [.. _history];
        }
    }

    /// <summary>What the conversations show now: the latest version of each message that has not been deleted.</summary>
    public IReadOnlyList<FakeSlackMessageVersion> CurrentMessages()
    {
        lock (_lock)
        {
            return [.. _history.GroupBy(v => (v.Channel, v.Ts)).Select(g => g.Last()).Where(v => v.Change != FakeSlackMessageChange.Deleted)];
        }
    }

    /// <summary>Called under the lock by the chat.* answers.</summary>
    private void Keep(FakeSlackMessageChange change, string channel, string ts, FakeSlackRequest request) =>
        _history.Add(new FakeSlackMessageVersion(change, channel, ts, request.Arg("text") ?? string.Empty, request.Arg("blocks"), _time.GetUtcNow()));

    private FakeSlackResponse DeleteMessage(FakeSlackRequest request)
    {
        var channel = request.Arg("channel") ?? string.Empty;
        var ts = request.Arg("ts") ?? string.Empty;
        if (_ephemeralTs.Contains(ts))
        {
            return FakeSlackResponse.Error("cant_delete_message");
        }

        if (!_messages.TryGetValue(ts, out var postedIn) || postedIn != channel)
        {
            return FakeSlackResponse.Error("message_not_found");
        }

        _messages.Remove(ts);
        _history.Add(new FakeSlackMessageVersion(FakeSlackMessageChange.Deleted, channel, ts, string.Empty, null, _time.GetUtcNow()));
        return Ok(new System.Text.Json.Nodes.JsonObject { ["channel"] = channel, ["ts"] = ts });
    }
}
