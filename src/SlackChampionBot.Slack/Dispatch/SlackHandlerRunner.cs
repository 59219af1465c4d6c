using Microsoft.Extensions.DependencyInjection;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>The facts about one inbound request that a handler's <see cref="SlackRequestContext"/> is filled with.</summary>
internal readonly record struct InboundContext(
    string Transport,
    string TeamId,
    string? EnterpriseId,
    string? EventId = null,
    DateTimeOffset? EventTime = null)
{
    public void FillInto(SlackRequestContext context)
    {
        context.TeamId = TeamId;
        context.EnterpriseId = EnterpriseId;
        context.Transport = Transport;
        context.EventId = EventId;
        context.EventTime = EventTime;
    }
}

/// <summary>
/// The one way the adapter runs a handler, for every payload kind and both transports: a new DI scope, its
/// <see cref="SlackRequestContext"/> filled in, the handler resolved from that scope, then called. What happens when
/// the handler throws is the caller's decision (an interaction is answered anyway; an event is retried), so
/// exceptions pass through.
/// </summary>
internal sealed class SlackHandlerRunner(IServiceScopeFactory scopeFactory)
{
    public async Task<TResult> Run<TResult>(Type handlerType, InboundContext context, Func<object, Task<TResult>> invoke)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        context.FillInto(scope.ServiceProvider.GetRequiredService<SlackRequestContext>());
        var handler = scope.ServiceProvider.GetRequiredService(handlerType);
        return await invoke(handler).ConfigureAwait(false);
    }
}
