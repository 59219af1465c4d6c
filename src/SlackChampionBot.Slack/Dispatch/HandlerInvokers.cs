using System.Collections.Concurrent;
using System.Reflection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Dispatch;

/// <summary>
/// Calls generic handler interfaces for types known only at run time, through delegates built once per type
/// (no reflection per call).
/// </summary>
internal static class HandlerInvokers
{
    private static readonly ConcurrentDictionary<Type, Func<object, Event, Task>> EventInvokers = new();
    private static readonly ConcurrentDictionary<Type, Func<object, BlockAction, BlockActionRequest, Task>> ActionInvokers = new();

    /// <summary>Calls <c>IEventHandler&lt;registeredEventType&gt;.Handle</c> on the handler.</summary>
    public static Task InvokeEventHandler(Type registeredEventType, object handler, Event slackEvent) =>
        EventInvokers.GetOrAdd(registeredEventType, static type => Create<Func<object, Event, Task>>(nameof(InvokeEvent), type))(handler, slackEvent);

    /// <summary>Calls <c>IBlockActionHandler&lt;actionType&gt;.Handle</c> with an action already read as <paramref name="actionType"/>.</summary>
    public static Task InvokeBlockActionHandler(Type actionType, object handler, BlockAction action, BlockActionRequest request) =>
        ActionInvokers.GetOrAdd(actionType, static type => Create<Func<object, BlockAction, BlockActionRequest, Task>>(nameof(InvokeAction), type))(handler, action, request);

    private static TDelegate Create<TDelegate>(string methodName, Type typeArgument)
        where TDelegate : Delegate =>
        typeof(HandlerInvokers).GetMethod(methodName, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<TDelegate>();

    private static Task InvokeEvent<TEvent>(object handler, Event slackEvent)
        where TEvent : Event =>
        ((IEventHandler<TEvent>)handler).Handle((TEvent)slackEvent);

    private static Task InvokeAction<TAction>(object handler, BlockAction action, BlockActionRequest request)
        where TAction : BlockAction =>
        ((IBlockActionHandler<TAction>)handler).Handle((TAction)action, request);
}
