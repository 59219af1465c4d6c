using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Routes what either transport received: events into the durable inbox (handlers run later, in
/// <see cref="EventDispatcher"/>), commands and interactions straight to their handler through
/// <see cref="SlackHandlerRunner"/>. Payloads are read and checked by <see cref="SlackPayloads"/> before any handler
/// runs. Handler failures never escape to the transport: commands get a friendly ephemeral reply, interactions an
/// empty acknowledgement, and the failure is logged once.
/// </summary>
internal sealed class SlackInboundDispatcher(
    SlackHandlerRunner runner,
    SlackHandlerRegistry registry,
    ISlackEventInbox inbox,
    InboxSignal signal,
    TimeProvider time,
    ILogger<SlackInboundDispatcher> logger) : ISlackInboundDispatcher
{
    public const string SomethingWentWrong = "Sorry, something went wrong while handling that. Please try again in a moment.";

    public Task<bool> AcceptEvent(EventEnvelope envelope, ReadOnlyMemory<byte> eventCallbackJson, int retryNum, string transport, CancellationToken cancellationToken)
    {
        envelope.EnsureUsableEventCallback();
        var now = time.GetUtcNow().UtcDateTime;

        // What people write in a DM is never stored: no feature reads DMs (the manifest does not subscribe to them),
        // so a DM message is kept only as a tombstone that recognises Slack's retries, and no handler runs for it.
        var item = envelope.IsDirectMessage
            ? SlackInboxEvent.Tombstone(envelope.EventId!, envelope.TeamId!, envelope.EventType!, now, transport)
            : new SlackInboxEvent(envelope.EventId!, envelope.TeamId!, envelope.EventType!, Encoding.UTF8.GetString(eventCallbackJson.Span), now, Transport: transport);
        return Store(item, retryNum, cancellationToken);
    }

    private async Task<bool> Store(SlackInboxEvent item, int retryNum, CancellationToken cancellationToken)
    {
        var added = await inbox.TryAdd(item, cancellationToken).ConfigureAwait(false);
        if (added && !item.IsTombstone)
        {
            signal.Notify();
        }
        else
        {
            DispatchLog.DuplicateEvent(logger, item.EventId, retryNum);
        }

        return added;
    }

    public Task<SlashCommandResponse?> DispatchSlashCommand(SlashCommand command, string transport, CancellationToken cancellationToken)
    {
        SlackPayloads.EnsureUsable(command);
        if (!TryFind(registry.SlashCommands, InboundKind.SlashCommand, command.Command, out var handlerType))
        {
            return Task.FromResult<SlashCommandResponse?>(SlashCommandResponse.Ephemeral($"Sorry, `{Mrkdwn.Escape(command.Command)}` isn't set up in this app yet."));
        }

        return RunHandler(
            InboundKind.SlashCommand,
            command.Command,
            handlerType,
            new InboundContext(transport, command.TeamId, command.EnterpriseId),
            async handler => (SlashCommandResponse?)await ((ISlashCommandHandler)handler).Handle(command).ConfigureAwait(false),
            SlashCommandResponse.Ephemeral(SomethingWentWrong),
            cancellationToken);
    }

    public async Task<object?> DispatchInteraction(JsonElement payload, string transport, CancellationToken cancellationToken)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The interaction payload is not a JSON object.");
        }

        var type = payload.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "block_actions":
                return await BlockActions(SlackPayloads.Read<BlockActionRequest>(payload, type), transport, cancellationToken).ConfigureAwait(false);
            case "view_submission":
                return await ViewSubmission(SlackPayloads.Read<ViewSubmission>(payload, type), transport, cancellationToken).ConfigureAwait(false);
            case "view_closed":
                return await ViewClosed(SlackPayloads.Read<ViewClosed>(payload, type), transport, cancellationToken).ConfigureAwait(false);
            case "block_suggestion":
                return await BlockSuggestion(SlackPayloads.Read<BlockOptionsRequest>(payload, type), transport, cancellationToken).ConfigureAwait(false);
            default:
                DispatchLog.UnknownInteraction(logger, type ?? "(none)");
                return null;
        }
    }

    private async Task<object?> BlockActions(BlockActionRequest request, string transport, CancellationToken cancellationToken)
    {
        var context = Context(transport, request.Team, request.User, request.View);

        // Every action is read before any handler runs, so a malformed one refuses the payload with nothing done.
        var actions = new List<(string ActionId, BlockActionRegistration Registration, BlockAction Action)>(request.Actions.Count);
        foreach (var element in request.Actions)
        {
            var actionId = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("action_id", out var a) && a.ValueKind == JsonValueKind.String
                ? a.GetString() ?? string.Empty
                : string.Empty;
            if (TryFind(registry.BlockActions, InboundKind.BlockAction, actionId, out var registration))
            {
                actions.Add((actionId, registration, SlackPayloads.ReadAction(element, registration.ActionType)));
            }
        }

        foreach (var (actionId, registration, action) in actions)
        {
            await RunHandler(
                InboundKind.BlockAction,
                actionId,
                registration.HandlerType,
                context,
                async handler =>
                {
                    await HandlerInvokers.InvokeBlockActionHandler(registration.ActionType, handler, action, request).ConfigureAwait(false);
                    return true;
                },
                false,
                cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<object?> ViewSubmission(ViewSubmission submission, string transport, CancellationToken cancellationToken)
    {
        var context = Context(transport, submission.Team, submission.User, submission.View);
        var callbackId = submission.View.CallbackId ?? string.Empty;
        if (!TryFind(registry.ViewSubmissions, InboundKind.ViewSubmission, callbackId, out var handlerType))
        {
            return null;
        }

        var response = await RunHandler(
            InboundKind.ViewSubmission,
            callbackId,
            handlerType,
            context,
            handler => ((IViewSubmissionHandler)handler).Handle(submission),
            ViewSubmissionResponse.Null,
            cancellationToken).ConfigureAwait(false);
        return response is null || response.IsNull ? null : response;
    }

    private async Task<object?> ViewClosed(ViewClosed closed, string transport, CancellationToken cancellationToken)
    {
        var context = Context(transport, closed.Team, closed.User, closed.View);
        var callbackId = closed.View.CallbackId ?? string.Empty;
        if (TryFind(registry.ViewSubmissions, InboundKind.ViewClosed, callbackId, out var handlerType))
        {
            await RunHandler(
                InboundKind.ViewClosed,
                callbackId,
                handlerType,
                context,
                async handler =>
                {
                    await ((IViewSubmissionHandler)handler).HandleClose(closed).ConfigureAwait(false);
                    return true;
                },
                false,
                cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<object?> BlockSuggestion(BlockOptionsRequest request, string transport, CancellationToken cancellationToken)
    {
        var context = Context(transport, request.Team, request.User, request.View);
        if (!TryFind(registry.BlockOptionProviders, InboundKind.BlockSuggestion, request.ActionId, out var providerType))
        {
            return new BlockOptionsResponse();
        }

        return await RunHandler(
            InboundKind.BlockSuggestion,
            request.ActionId,
            providerType,
            context,
            async handler => await ((IBlockOptionProvider)handler).GetOptions(request).ConfigureAwait(false) ?? new BlockOptionsResponse(),
            new BlockOptionsResponse(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the handler registered for <paramref name="key"/>, or says in the log that there is none.</summary>
    private bool TryFind<T>(Dictionary<string, T> handlers, InboundKind kind, string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T handler)
    {
        if (handlers.TryGetValue(key, out handler))
        {
            return true;
        }

        DispatchLog.NoHandler(logger, kind, key);
        return false;
    }

    /// <summary>Runs a handler through the one inbound path; a failure is logged once and answered with <paramref name="fallback"/>.</summary>
    private async Task<T> RunHandler<T>(InboundKind kind, string key, Type handlerType, InboundContext context, Func<object, Task<T>> invoke, T fallback, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.Run(handlerType, context, invoke).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            DispatchLog.HandlerFailed(logger, exception, kind, key, handlerType.Name);
            return fallback;
        }
    }

    /// <summary>
    /// The workspace of an interaction: <c>team.id</c>, else <c>user.team_id</c> (org-wide apps on Enterprise Grid may
    /// send no team), else <c>view.team_id</c>. A payload that names none is malformed.
    /// </summary>
    private static InboundContext Context(string transport, TeamInfo? team, UserInfo user, ViewInfo? view)
    {
        var teamId = FirstNonEmpty(team?.Id, user.TeamId, view?.TeamId)
            ?? throw new FormatException("The payload names no workspace (team.id, user.team_id or view.team_id).");
        return new InboundContext(transport, teamId, team?.EnterpriseId);
    }

    private static string? FirstNonEmpty(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>What kind of handler a payload is for (named in the log).</summary>
internal enum InboundKind
{
    SlashCommand,
    BlockAction,
    ViewSubmission,
    ViewClosed,
    BlockSuggestion,
}
