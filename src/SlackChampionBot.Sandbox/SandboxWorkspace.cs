using System.Globalization;
using System.Text.Json.Nodes;

namespace SlackChampionBot.Sandbox;

/// <summary>One message as the page shows it: posted by a person or by the bot, maybe only for one person.</summary>
public sealed class SandboxMessage
{
    public required string Channel { get; init; }

    public required string Ts { get; init; }

    public string? ThreadTs { get; init; }

    /// <summary>The author's user ID (the bot's for bot messages).</summary>
    public required string User { get; init; }

    public string Text { get; set; } = string.Empty;

    public JsonNode? Blocks { get; set; }

    /// <summary>Set for an ephemeral message: the only person who sees it.</summary>
    public string? VisibleTo { get; init; }

    public bool Edited { get; set; }

    public bool Tombstone { get; set; }

    /// <summary>A file the bot uploaded into this message (the CSV exports).</summary>
    public string? FileId { get; init; }

    public string? FileName { get; init; }

    /// <summary>Reaction name → who reacted, in order.</summary>
    public Dictionary<string, List<string>> Reactions { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// What a Slack client shows of the emulated workspace: messages, threads, ephemeral messages, reactions, each
/// person's App Home and open modals, and files. It follows the bot's Web API calls (what Slack would push to the
/// clients) and keeps people's own messages. Every change bumps <see cref="Version"/>.
/// </summary>
public sealed class SandboxWorkspace
{
    private readonly Lock _lock = new();
    private readonly List<SandboxMessage> _messages = [];
    private readonly Dictionary<string, JsonObject> _homes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _modals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<string> _notices = [];
    private readonly FakeSlackWebApi _slack;
    private long _version;

    public SandboxWorkspace(FakeSlackWebApi slack)
    {
        _slack = slack;
        slack.Answered += Follow;
    }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>A new trigger ID for an interaction by <paramref name="userId"/>: a modal the bot opens with it is theirs.</summary>
    public string NewTrigger(string userId)
    {
        var trigger = $"{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}.{Guid.NewGuid():N}";
        lock (_lock)
        {
            _triggers[trigger] = userId;
        }

        return trigger;
    }

    /// <summary>The messages <paramref name="userId"/> can see, oldest first.</summary>
    public IReadOnlyList<SandboxMessage> MessagesFor(string userId)
    {
        lock (_lock)
        {
            return [.. _messages.Where(m => m.VisibleTo is null || m.VisibleTo == userId).OrderBy(m => SortKey(m.Ts))];
        }
    }

    public SandboxMessage? Find(string channel, string ts)
    {
        lock (_lock)
        {
            return _messages.FirstOrDefault(m => m.Channel == channel && m.Ts == ts);
        }
    }

    public JsonObject? Home(string userId)
    {
        lock (_lock)
        {
            return _homes.GetValueOrDefault(userId)?.DeepClone().AsObject();
        }
    }

    /// <summary>The top modal of <paramref name="userId"/>'s stack, or null.</summary>
    public JsonObject? Modal(string userId)
    {
        lock (_lock)
        {
            return _modals.TryGetValue(userId, out var stack) && stack.Count > 0 ? stack[^1].DeepClone().AsObject() : null;
        }
    }

    public byte[]? File(string fileId)
    {
        lock (_lock)
        {
            return _files.GetValueOrDefault(fileId);
        }
    }

    /// <summary>Short lines for the page's status bar (what time travel did).</summary>
    public IReadOnlyList<string> Notices()
    {
        lock (_lock)
        {
            return [.. _notices.TakeLast(5)];
        }
    }

    public void Notice(string text) => Change(() => _notices.Add(text));

    public SandboxMessage AddUserMessage(string channel, string userId, string text, string? threadTs) =>
        Change(() =>
        {
            var message = new SandboxMessage { Channel = channel, Ts = _slack.NextTs(), ThreadTs = threadTs, User = userId, Text = text };
            _messages.Add(message);
            return message;
        });

    /// <summary>An ephemeral message from the bot (a slash command's answer).</summary>
    public void AddEphemeral(string channel, string userId, string text, JsonNode? blocks) =>
        Change(() => _messages.Add(new SandboxMessage
        {
            Channel = channel, Ts = _slack.NextTs(), User = FakeSlackWebApi.BotUserId, Text = text, Blocks = blocks?.DeepClone(), VisibleTo = userId,
        }));

    public void Edit(SandboxMessage message, string text) => Change(() =>
    {
        message.Text = text;
        message.Edited = true;
    });

    /// <summary>Deletes a message; one with replies stays as Slack's "This message was deleted." tombstone. True when it stays.</summary>
    public bool Delete(SandboxMessage message) => Change(() =>
    {
        if (_messages.Any(m => m.ThreadTs == message.Ts && m.Ts != message.Ts && m.VisibleTo is null))
        {
            message.Tombstone = true;
            message.Text = "This message was deleted.";
            message.Blocks = null;
            message.Reactions.Clear();
            return true;
        }

        _messages.Remove(message);
        return false;
    });

    /// <summary>Adds or removes <paramref name="userId"/>'s <paramref name="reaction"/>; true when it was added.</summary>
    public bool ToggleReaction(SandboxMessage message, string userId, string reaction) => Change(() =>
    {
        if (!message.Reactions.TryGetValue(reaction, out var users))
        {
            message.Reactions[reaction] = users = [];
        }

        if (users.Remove(userId))
        {
            if (users.Count == 0)
            {
                message.Reactions.Remove(reaction);
            }

            return false;
        }

        users.Add(userId);
        return true;
    });

    /// <summary>What a view_submission's answer does to the submitter's modals (<c>response_action</c>).</summary>
    public void AfterSubmission(string userId, JsonObject? answer) => Change(() =>
    {
        var stack = ModalStack(userId);
        switch ((string?)answer?["response_action"])
        {
            case "errors":
                if (stack.Count > 0)
                {
                    stack[^1]["errors"] = answer!["errors"]?.DeepClone();
                }

                break;
            case "update" when answer!["view"] is JsonObject view:
                if (stack.Count > 0)
                {
                    view["id"] = stack[^1]["id"]?.DeepClone();
                    stack[^1] = view.DeepClone().AsObject();
                }

                break;
            case "push" when answer!["view"] is JsonObject view:
                view["id"] = "V" + _slack.NextTs().Replace(".", string.Empty, StringComparison.Ordinal);
                stack.Add(view.DeepClone().AsObject());
                break;
            case "clear":
                stack.Clear();
                break;
            default:
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                break;
        }
    });

    /// <summary>Closes the top modal (Cancel); returns it.</summary>
    public JsonObject? CloseModal(string userId) => Change(() =>
    {
        var stack = ModalStack(userId);
        if (stack.Count == 0)
        {
            return null;
        }

        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    });

    private void Follow(FakeSlackRequest call, JsonObject answer)
    {
        switch (call.Method)
        {
            case "chat.postMessage":
                Change(() => _messages.Add(new SandboxMessage
                {
                    Channel = (string)answer["channel"]!,
                    Ts = (string)answer["ts"]!,
                    ThreadTs = call.Arg("thread_ts"),
                    User = FakeSlackWebApi.BotUserId,
                    Text = call.Arg("text") ?? string.Empty,
                    Blocks = call.JsonArg("blocks") is { } blocks ? JsonNode.Parse(blocks.GetRawText()) : null,
                }));
                break;
            case "chat.postEphemeral":
                Change(() => _messages.Add(new SandboxMessage
                {
                    Channel = call.Arg("channel")!,
                    Ts = (string)answer["message_ts"]!,
                    ThreadTs = call.Arg("thread_ts"),
                    User = FakeSlackWebApi.BotUserId,
                    Text = call.Arg("text") ?? string.Empty,
                    Blocks = call.JsonArg("blocks") is { } blocks ? JsonNode.Parse(blocks.GetRawText()) : null,
                    VisibleTo = call.Arg("user"),
                }));
                break;
            case "chat.update" when Find(call.Arg("channel")!, call.Arg("ts")!) is { } message:
                Change(() =>
                {
                    message.Text = call.Arg("text") ?? message.Text;
                    message.Blocks = call.JsonArg("blocks") is { } blocks ? JsonNode.Parse(blocks.GetRawText()) : null;
                    message.Edited = true;
                });
                break;
            case "chat.delete" when Find(call.Arg("channel")!, call.Arg("ts")!) is { } message:
                Change(() => _messages.Remove(message));
                break;
            case "reactions.add" when Find(call.Arg("channel")!, call.Arg("timestamp")!) is { } message:
                ToggleReaction(message, FakeSlackWebApi.BotUserId, call.Arg("name")!);
                break;
            case "views.publish":
                Change(() => _homes[call.Arg("user_id")!] = (JsonObject)answer["view"]!.DeepClone());
                break;
            case "views.open" or "views.push":
                Change(() =>
                {
                    if (_triggers.TryGetValue(call.Arg("trigger_id") ?? string.Empty, out var user))
                    {
                        var stack = ModalStack(user);
                        if (call.Method == "views.open")
                        {
                            stack.Clear();
                        }

                        stack.Add((JsonObject)answer["view"]!.DeepClone());
                    }
                });
                break;
            case "views.update":
                Change(() => ReplaceView((JsonObject)answer["view"]!));
                break;
            case "files.completeUploadExternal":
                FollowUpload(call, answer);
                break;
        }
    }

    private void FollowUpload(FakeSlackRequest call, JsonObject answer)
    {
        var uploaded = _slack.Files();
        foreach (var file in answer["files"]?.AsArray() ?? [])
        {
            var id = (string)file!["id"]!;
            if (uploaded.FirstOrDefault(f => f.Id == id) is not { Content: { } content } known || call.Arg("channel_id") is not { } channel)
            {
                continue;
            }

            Change(() =>
            {
                _files[id] = content;
                _messages.Add(new SandboxMessage
                {
                    Channel = channel,
                    Ts = _slack.NextTs(),
                    ThreadTs = call.Arg("thread_ts"),
                    User = FakeSlackWebApi.BotUserId,
                    Text = call.Arg("initial_comment") ?? string.Empty,
                    FileId = id,
                    FileName = known.FileName,
                });
            });
        }
    }

    private void ReplaceView(JsonObject view)
    {
        var id = (string?)view["id"];
        foreach (var (user, home) in _homes.ToList())
        {
            if ((string?)home["id"] == id)
            {
                _homes[user] = view.DeepClone().AsObject();
            }
        }

        foreach (var stack in _modals.Values)
        {
            var index = stack.FindIndex(v => (string?)v["id"] == id);
            if (index >= 0)
            {
                stack[index] = view.DeepClone().AsObject();
            }
        }
    }

    private List<JsonObject> ModalStack(string userId)
    {
        if (!_modals.TryGetValue(userId, out var stack))
        {
            _modals[userId] = stack = [];
        }

        return stack;
    }

    private void Change(Action change) => Change(() =>
    {
        change();
        return true;
    });

    private T Change<T>(Func<T> change)
    {
        lock (_lock)
        {
            var result = change();
            Interlocked.Increment(ref _version);
            return result;
        }
    }

    private static decimal SortKey(string ts) => decimal.TryParse(ts, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
