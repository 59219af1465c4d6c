using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack;

internal sealed record EventHandlerRegistration(Type EventType, Type HandlerType);

internal sealed record BlockActionRegistration(Type ActionType, Type HandlerType);

/// <summary>Every handler registered through <see cref="Extensions.DependencyInjection.ServiceCollectionSlackServiceConfiguration"/>; one per application.</summary>
internal sealed class SlackHandlerRegistry
{
    public List<EventHandlerRegistration> EventHandlers { get; } = [];

    public Dictionary<string, Type> SlashCommands { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, BlockActionRegistration> BlockActions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> ViewSubmissions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> BlockOptionProviders { get; } = new(StringComparer.Ordinal);
}
