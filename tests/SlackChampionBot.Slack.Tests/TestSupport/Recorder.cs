using System.Collections.Concurrent;

namespace SlackChampionBot.Slack.Tests.TestSupport;

/// <summary>What the test handlers saw, in order.</summary>
internal sealed class Recorder
{
    public ConcurrentQueue<Call> Calls { get; } = new();

    public void Add(string handler, object? item, SlackRequestContext context, ScopeMarker scope) =>
        Calls.Enqueue(new Call(handler, item, context.TeamId, context.EventId, context.EventTime, context.Transport, scope.Id));

    public IReadOnlyList<Call> For(string handler) => Calls.Where(c => c.Handler == handler).ToList();
}

internal sealed record Call(string Handler, object? Item, string TeamId, string? EventId, DateTimeOffset? EventTime, string Transport, Guid ScopeId);

/// <summary>A scoped service with an identity, to tell DI scopes apart.</summary>
internal sealed class ScopeMarker
{
    public Guid Id { get; } = Guid.NewGuid();
}
