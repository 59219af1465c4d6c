using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SlackChampionBot.Sandbox;

/// <summary>
/// What a person does in a Slack client, turned into what Slack sends the bot over Socket Mode: message events,
/// edits and deletions, reactions, slash commands, button clicks and form submissions, opening the App Home. The
/// answers that come back in acknowledgements (a command's reply, a form's errors) are shown to that person.
/// </summary>
public sealed partial class SandboxClient(FakeSocketModeServer socketMode, SandboxWorkspace workspace, TimeProvider clock)
{
    private const string AppId = "A0APP";
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long an action waits for the bot to connect (it starts with the sandbox, after its migrations).</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);
    private int _events;

    public async Task PostMessage(string userId, string channel, string typed, string? threadTs)
    {
        var text = Encode(typed, forCommand: false);
        var message = workspace.AddUserMessage(channel, userId, text, threadTs);
        var inner = MessageJson(message);
        inner["channel"] = channel;
        inner["event_ts"] = message.Ts;
        inner["channel_type"] = ChannelType(channel);
        await SendEvent(inner);
    }

    public async Task Edit(string userId, SandboxMessage message, string typed)
    {
        if (message.User != userId || message.Tombstone)
        {
            return;
        }

        var previous = MessageJson(message);
        workspace.Edit(message, Encode(typed, forCommand: false));
        var edited = MessageJson(message);
        var now = NewEventTs();
        edited["edited"] = new JsonObject { ["user"] = userId, ["ts"] = now };
        await SendEvent(Hidden("message_changed", message.Channel, now, new JsonObject { ["message"] = edited, ["previous_message"] = previous }));
    }

    public async Task Delete(string userId, SandboxMessage message)
    {
        if (message.User != userId || message.Tombstone)
        {
            return;
        }

        var previous = MessageJson(message);
        var now = NewEventTs();
        if (workspace.Delete(message))
        {
            // A message with replies stays as a tombstone, and Slack says so with an edit.
            var tombstone = new JsonObject
            {
                ["type"] = "message",
                ["subtype"] = "tombstone",
                ["hidden"] = true,
                ["user"] = "USLACKBOT",
                ["text"] = "This message was deleted.",
                ["ts"] = message.Ts,
                ["thread_ts"] = message.Ts,
            };
            await SendEvent(Hidden("message_changed", message.Channel, now, new JsonObject { ["message"] = tombstone, ["previous_message"] = previous }));
            return;
        }

        await SendEvent(Hidden("message_deleted", message.Channel, now, new JsonObject { ["deleted_ts"] = message.Ts, ["previous_message"] = previous }));
    }

    /// <summary>A hidden message event (<c>message_changed</c>, <c>message_deleted</c>) with <paramref name="fields"/>.</summary>
    private static JsonObject Hidden(string subtype, string channel, string ts, JsonObject fields)
    {
        var json = new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = subtype,
            ["hidden"] = true,
            ["channel"] = channel,
            ["channel_type"] = ChannelType(channel),
            ["ts"] = ts,
            ["event_ts"] = ts,
        };
        foreach (var (key, value) in fields.ToList())
        {
            fields.Remove(key);
            json[key] = value;
        }

        return json;
    }

    public async Task ToggleReaction(string userId, SandboxMessage message, string reaction)
    {
        var added = workspace.ToggleReaction(message, userId, reaction);
        await SendEvent(new JsonObject
        {
            ["type"] = added ? "reaction_added" : "reaction_removed",
            ["user"] = userId,
            ["reaction"] = reaction,
            ["item_user"] = message.User,
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = message.Channel, ["ts"] = message.Ts },
            ["event_ts"] = NewEventTs(),
        });
    }

    public async Task Command(string userId, string channel, string command, string typed)
    {
        var person = SandboxCompany.Person(userId);
        var payload = new JsonObject
        {
            ["token"] = "sandbox-verification-token",
            ["team_id"] = FakeSlackWebApi.TeamId,
            ["team_domain"] = "sandbox",
            ["channel_id"] = channel,
            ["channel_name"] = SandboxCompany.Channels.FirstOrDefault(c => c.Id == channel)?.Name ?? "directmessage",
            ["user_id"] = userId,
            ["user_name"] = person?.Handle ?? userId,
            ["command"] = command,
            ["text"] = Encode(typed, forCommand: true),
            ["api_app_id"] = AppId,
            ["is_enterprise_install"] = "false",
            ["response_url"] = $"https://hooks.slack.com/commands/{FakeSlackWebApi.TeamId}/1/sandbox",
            ["trigger_id"] = workspace.NewTrigger(userId),
        };
        var ack = await Send("slash_commands", payload);
        if (ack?["payload"] is JsonObject reply && (reply["text"] is not null || reply["blocks"] is not null))
        {
            workspace.AddEphemeral(channel, userId, (string?)reply["text"] ?? string.Empty, reply["blocks"]);
        }
    }

    /// <summary>A click or a choice in a message (<paramref name="message"/>) or in a view (<paramref name="view"/>, with the form's state).</summary>
    public async Task BlockAction(string userId, JsonObject action, SandboxMessage? message, JsonObject? view, JsonObject? state)
    {
        action["action_ts"] = NewEventTs();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = User(userId),
            ["api_app_id"] = AppId,
            ["token"] = "sandbox-verification-token",
            ["trigger_id"] = workspace.NewTrigger(userId),
            ["team"] = new JsonObject { ["id"] = FakeSlackWebApi.TeamId, ["domain"] = "sandbox" },
            ["is_enterprise_install"] = false,
            ["response_url"] = $"https://hooks.slack.com/actions/{FakeSlackWebApi.TeamId}/1/sandbox",
            ["actions"] = new JsonArray(action),
        };
        if (message is not null)
        {
            payload["container"] = new JsonObject
            {
                ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = message.Channel, ["is_ephemeral"] = message.VisibleTo is not null,
            };
            payload["channel"] = new JsonObject { ["id"] = message.Channel, ["name"] = ChannelName(message.Channel) };
            payload["message"] = MessageJson(message);
            payload["state"] = new JsonObject { ["values"] = state?.DeepClone() ?? new JsonObject() };
        }
        else if (view is not null)
        {
            view["state"] = new JsonObject { ["values"] = state?.DeepClone() ?? new JsonObject() };
            payload["container"] = new JsonObject { ["type"] = "view", ["view_id"] = view["id"]?.DeepClone() };
            payload["view"] = view;
        }

        await Send("interactive", payload);
    }

    public async Task Submit(string userId, JsonObject state)
    {
        if (workspace.Modal(userId) is not { } view)
        {
            return;
        }

        view.Remove("errors");
        view["state"] = new JsonObject { ["values"] = state };
        var ack = await Send("interactive", new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = FakeSlackWebApi.TeamId, ["domain"] = "sandbox" },
            ["user"] = User(userId),
            ["api_app_id"] = AppId,
            ["token"] = "sandbox-verification-token",
            ["trigger_id"] = workspace.NewTrigger(userId),
            ["view"] = view,
            ["response_urls"] = new JsonArray(),
            ["is_enterprise_install"] = false,
        });
        workspace.AfterSubmission(userId, ack?["payload"] as JsonObject);
    }

    public async Task CloseModal(string userId)
    {
        if (workspace.CloseModal(userId) is { } view && view["notify_on_close"]?.GetValue<bool>() == true)
        {
            await Send("interactive", new JsonObject
            {
                ["type"] = "view_closed",
                ["team"] = new JsonObject { ["id"] = FakeSlackWebApi.TeamId, ["domain"] = "sandbox" },
                ["user"] = User(userId),
                ["api_app_id"] = AppId,
                ["token"] = "sandbox-verification-token",
                ["view"] = view,
                ["is_cleared"] = false,
                ["is_enterprise_install"] = false,
            });
        }
    }

    public Task OpenHome(string userId)
    {
        var inner = new JsonObject
        {
            ["type"] = "app_home_opened",
            ["user"] = userId,
            ["channel"] = FakeSlackWebApi.DmChannelFor(userId),
            ["tab"] = "home",
            ["event_ts"] = NewEventTs(),
        };
        if (workspace.Home(userId) is { } view)
        {
            inner["view"] = view;
        }

        return SendEvent(inner);
    }

    /// <summary>
    /// What a Slack client sends for typed text: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped, <c>@handle</c> of a
    /// person or a user group and <c>#channel</c> as Slack's mentions (commands escape them with their label, as a
    /// command with <c>should_escape</c> receives them).
    /// </summary>
    public static string Encode(string typed, bool forCommand)
    {
        var text = typed.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        text = Mention().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (SandboxCompany.People.FirstOrDefault(p => string.Equals(p.Handle, name, StringComparison.OrdinalIgnoreCase)) is { } person)
            {
                return forCommand ? $"<@{person.Id}|{person.Handle}>" : $"<@{person.Id}>";
            }

            if (SandboxCompany.Groups.FirstOrDefault(g => string.Equals(g.Handle, name, StringComparison.OrdinalIgnoreCase)) is { } group)
            {
                return $"<!subteam^{group.Id}|@{group.Handle}>";
            }

            return name is "here" or "channel" or "everyone" ? $"<!{name}>" : match.Value;
        });
        return ChannelMention().Replace(text, match =>
            SandboxCompany.Channels.FirstOrDefault(c => c.Name == match.Groups["name"].Value) is { } channel ? $"<#{channel.Id}|{channel.Name}>" : match.Value);
    }

    private static JsonObject User(string userId)
    {
        var handle = SandboxCompany.Person(userId)?.Handle ?? userId;
        return new JsonObject { ["id"] = userId, ["username"] = handle, ["name"] = handle, ["team_id"] = FakeSlackWebApi.TeamId };
    }

    private static JsonObject MessageJson(SandboxMessage message)
    {
        var json = new JsonObject { ["type"] = "message", ["user"] = message.User, ["text"] = message.Text, ["ts"] = message.Ts, ["team"] = FakeSlackWebApi.TeamId };
        if (message.User == FakeSlackWebApi.BotUserId)
        {
            json["bot_id"] = FakeSlackWebApi.BotId;
        }

        if (message.ThreadTs is { } threadTs)
        {
            json["thread_ts"] = threadTs;
        }

        if (message.Blocks is { } blocks)
        {
            json["blocks"] = blocks.DeepClone();
        }

        return json;
    }

    private static string ChannelType(string channel) => channel.StartsWith('D') ? "im" : channel.StartsWith('G') ? "group" : "channel";

    private static string ChannelName(string channel) => SandboxCompany.Channels.FirstOrDefault(c => c.Id == channel)?.Name ?? "directmessage";

    private string NewEventTs() => $"{clock.GetUtcNow().ToUnixTimeSeconds()}.{Interlocked.Increment(ref _events) % 1_000_000:D6}";

    private Task SendEvent(JsonObject inner) => Send("events_api", new JsonObject
    {
        ["token"] = "sandbox-verification-token",
        ["team_id"] = FakeSlackWebApi.TeamId,
        ["api_app_id"] = AppId,
        ["event"] = inner,
        ["type"] = "event_callback",
        ["event_id"] = $"Ev{Guid.NewGuid():N}"[..16].ToUpperInvariant(),
        ["event_time"] = clock.GetUtcNow().ToUnixTimeSeconds(),
    });

    /// <summary>Sends one envelope on an open connection (waiting for the bot to connect) and returns its ack.</summary>
    private async Task<JsonObject?> Send(string type, JsonObject payload)
    {
        await FakeSocketModeServer.WaitUntil(() => socketMode.OpenConnections.Count > 0, ConnectTimeout);
        var envelopeId = await socketMode.SendEnvelope(type, payload, acceptsResponsePayload: type != "events_api");
        var ack = await socketMode.WaitForAck(envelopeId, AckTimeout);
        return JsonNode.Parse(ack.GetRawText()) as JsonObject;
    }

    [GeneratedRegex(@"(?<![\w<|])@(?<name>[\w.\-]+)")]
    private static partial Regex Mention();

    [GeneratedRegex(@"(?<![\w&<|])#(?<name>[a-z0-9\-_]+)")]
    private static partial Regex ChannelMention();
}
