using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackChampionBot.Slack.Http;
using SlackChampionBot.Slack.Inbox;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Routes what either transport received: events into the durable inbox (handlers run later, in
/// <see cref="EventDispatcher"/>), commands and interactions straight to their handler, each in a new DI scope with
/// <see cref="SlackRequestContext"/> filled in. Handler failures never escape to the transport: commands get a
/// friendly ephemeral reply, interactions an empty acknowledgement.
/// </summary>
internal sealed class SlackInboundDispatcher(
    IServiceScopeFactory scopeFactory,
    SlackHandlerRegistry registry,
    ISlackEventInbox inbox,
    InboxSignal signal,
    TimeProvider time,
    ILogger<SlackInboundDispatcher> logger) : ISlackInboundDispatcher
{
    public const string SomethingWentWrong = "Sorry, something went wrong while handling that. Please try again in a moment.";

    public Task<bool> AcceptEvent(ReadOnlyMemory<byte> eventCallbackJson, int retryNum, string transport, CancellationToken cancellationToken)
    {
        var envelope = EventEnvelope.Read(eventCallbackJson.Span);
        return AcceptEvent(envelope, eventCallbackJson.Span, retryNum, cancellationToken);
    }

    /// <summary>Stores an already-read envelope (the HTTP endpoint reads it once to answer url_verification too).</summary>
    public Task<bool> AcceptEvent(in EventEnvelope envelope, ReadOnlySpan<byte> eventCallbackJson, int retryNum, CancellationToken cancellationToken)
    {
        envelope.EnsureUsableEventCallback();
        var item = new SlackInboxEvent(
            envelope.EventId!,
            envelope.TeamId ?? string.Empty,
            envelope.EventType!,
            Encoding.UTF8.GetString(eventCallbackJson),
            time.GetUtcNow().UtcDateTime);
        return Store(item, retryNum, cancellationToken);
    }

    private async Task<bool> Store(SlackInboxEvent item, int retryNum, CancellationToken cancellationToken)
    {
        var added = await inbox.TryAdd(item, cancellationToken).ConfigureAwait(false);
        if (added)
        {
            signal.Notify();
        }
        else
        {
            Log.DuplicateEvent(logger, item.EventId, retryNum);
        }

        return added;
    }

    public async Task<SlashCommandResponse?> DispatchSlashCommand(SlashCommand command, string transport, CancellationToken cancellationToken)
    {
        if (!registry.SlashCommands.TryGetValue(command.Command, out var handlerType))
        {
            Log.UnknownCommand(logger, command.Command);
            return SlashCommandResponse.Ephemeral($"Sorry, `{Mrkdwn.Escape(command.Command)}` isn't set up in this app yet.");
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        FillContext(scope.ServiceProvider, command.TeamId, command.EnterpriseId, transport);
        try
        {
            var handler = (ISlashCommandHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            return await handler.Handle(command).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CommandHandlerFailed(logger, exception, command.Command, handlerType.Name);
            return SlashCommandResponse.Ephemeral(SomethingWentWrong);
        }
    }

    public async Task<object?> DispatchInteraction(JsonElement payload, string transport, CancellationToken cancellationToken)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The interaction payload is not a JSON object.");
        }

        var type = payload.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        try
        {
            return type switch
            {
                "block_actions" => await BlockActions(Deserialize<BlockActionRequest>(payload), transport, cancellationToken).ConfigureAwait(false),
                "view_submission" => await ViewSubmission(Deserialize<ViewSubmission>(payload), transport, cancellationToken).ConfigureAwait(false),
                "view_closed" => await ViewClosed(Deserialize<ViewClosed>(payload), transport, cancellationToken).ConfigureAwait(false),
                "block_suggestion" => await BlockSuggestion(Deserialize<BlockOptionsRequest>(payload), transport, cancellationToken).ConfigureAwait(false),
                _ => Unhandled(type),
            };
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The {type} payload cannot be read: {exception.Message}", exception);
        }
    }

    private object? Unhandled(string? type)
    {
        Log.UnknownInteraction(logger, type ?? "(none)");
        return null;
    }

    private async Task<object?> BlockActions(BlockActionRequest request, string transport, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        FillContext(scope.ServiceProvider, request.Team?.Id ?? request.User.TeamId, null, transport);
        foreach (var action in request.Actions)
        {
            var actionId = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("action_id", out var a) && a.ValueKind == JsonValueKind.String
                ? a.GetString() ?? string.Empty
                : string.Empty;
            if (!registry.BlockActions.TryGetValue(actionId, out var registration))
            {
                Log.UnknownAction(logger, actionId);
                continue;
            }

            try
            {
                var handler = scope.ServiceProvider.GetRequiredService(registration.HandlerType);
                await HandlerInvokers.InvokeBlockActionHandler(registration.ActionType, handler, action, request).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ActionHandlerFailed(logger, exception, actionId, registration.HandlerType.Name);
            }
        }

        return null;
    }

    private async Task<object?> ViewSubmission(ViewSubmission submission, string transport, CancellationToken cancellationToken)
    {
        var callbackId = submission.View.CallbackId ?? string.Empty;
        if (!registry.ViewSubmissions.TryGetValue(callbackId, out var handlerType))
        {
            Log.UnknownView(logger, callbackId);
            return null;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        FillContext(scope.ServiceProvider, submission.Team?.Id ?? submission.User.TeamId, null, transport);
        try
        {
            var handler = (IViewSubmissionHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            var response = await handler.Handle(submission).ConfigureAwait(false);
            return response is null || response.IsNull ? null : response;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ViewHandlerFailed(logger, exception, callbackId, handlerType.Name);
            return null;
        }
    }

    private async Task<object?> ViewClosed(ViewClosed closed, string transport, CancellationToken cancellationToken)
    {
        var callbackId = closed.View.CallbackId ?? string.Empty;
        if (!registry.ViewSubmissions.TryGetValue(callbackId, out var handlerType))
        {
            Log.UnknownView(logger, callbackId);
            return null;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        FillContext(scope.ServiceProvider, closed.Team?.Id ?? closed.User.TeamId, null, transport);
        try
        {
            var handler = (IViewSubmissionHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            await handler.HandleClose(closed).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ViewHandlerFailed(logger, exception, callbackId, handlerType.Name);
        }

        return null;
    }

    private async Task<object?> BlockSuggestion(BlockOptionsRequest request, string transport, CancellationToken cancellationToken)
    {
        if (!registry.BlockOptionProviders.TryGetValue(request.ActionId, out var providerType))
        {
            Log.UnknownAction(logger, request.ActionId);
            return new BlockOptionsResponse();
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        FillContext(scope.ServiceProvider, request.Team?.Id ?? request.User.TeamId, null, transport);
        try
        {
            var provider = (IBlockOptionProvider)scope.ServiceProvider.GetRequiredService(providerType);
            return await provider.GetOptions(request).ConfigureAwait(false) ?? new BlockOptionsResponse();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ActionHandlerFailed(logger, exception, request.ActionId, providerType.Name);
            return new BlockOptionsResponse();
        }
    }

    private static T Deserialize<T>(JsonElement payload)
        where T : class =>
        payload.Deserialize<T>(SlackJson.Options) ?? throw new FormatException($"The {typeof(T).Name} payload is null.");

    internal static void FillContext(IServiceProvider services, string? teamId, string? enterpriseId, string transport, string? eventId = null, DateTimeOffset? eventTime = null)
    {
        var context = services.GetRequiredService<SlackRequestContext>();
        context.TeamId = teamId ?? string.Empty;
        context.EnterpriseId = enterpriseId;
        context.Transport = transport;
        context.EventId = eventId;
        context.EventTime = eventTime;
    }
}
