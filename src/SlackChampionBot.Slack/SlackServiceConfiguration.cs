using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack;

/// <summary>
/// What <c>services.AddSlackNet(c =&gt; …)</c> is told: tokens and handlers. Mirrors SlackNet's
/// ServiceCollectionSlackServiceConfiguration. Each Use… method also has an overload that reads the value from the
/// service provider when the host starts, so options bound from configuration (and changed by tests) are honoured.
/// </summary>
public sealed class SlackServiceConfiguration(IServiceCollection services)
{
    private readonly List<Action<SlackAdapterOptions, IServiceProvider>> _configure = [];

    internal IServiceCollection Services { get; } = services;

    internal SlackHandlerRegistry Registry { get; } = new();

    internal void Apply(SlackAdapterOptions options, IServiceProvider provider)
    {
        foreach (var configure in _configure)
        {
            configure(options, provider);
        }
    }

    public SlackServiceConfiguration UseApiToken(string token) => UseApiToken(_ => token);

    public SlackServiceConfiguration UseApiToken(Func<IServiceProvider, string> token) =>
        Configure((o, sp) => o.ApiToken = token(sp));

    public SlackServiceConfiguration UseAppLevelToken(string? token) => UseAppLevelToken(_ => token);

    public SlackServiceConfiguration UseAppLevelToken(Func<IServiceProvider, string?> token) =>
        Configure((o, sp) => o.AppLevelToken = token(sp));

    public SlackServiceConfiguration UseSigningSecret(string? secret) => UseSigningSecret(_ => secret);

    public SlackServiceConfiguration UseSigningSecret(Func<IServiceProvider, string?> secret) =>
        Configure((o, sp) => o.SigningSecret = secret(sp));

    public SlackServiceConfiguration UseApiBaseUrl(Func<IServiceProvider, Uri> baseUrl) =>
        Configure((o, sp) => o.ApiBaseUrl = baseUrl(sp));

    public SlackServiceConfiguration UseSocketMode(bool useSocketMode = true) => UseSocketMode(_ => useSocketMode);

    public SlackServiceConfiguration UseSocketMode(Func<IServiceProvider, bool> useSocketMode) =>
        Configure((o, sp) => o.UseSocketMode = useSocketMode(sp));

    /// <summary>Any other adapter setting (connection count, body limit, …).</summary>
    public SlackServiceConfiguration Configure(Action<SlackAdapterOptions, IServiceProvider> configure)
    {
        _configure.Add(configure);
        return this;
    }

    public SlackServiceConfiguration RegisterEventHandler<TEvent, THandler>()
        where TEvent : Event
        where THandler : class, IEventHandler<TEvent>
    {
        Services.AddScoped<THandler>();
        Registry.EventHandlers.Add(new EventHandlerRegistration(typeof(TEvent), typeof(THandler)));
        return this;
    }

    public SlackServiceConfiguration RegisterSlashCommandHandler<THandler>(string command)
        where THandler : class, ISlashCommandHandler
    {
        Services.AddScoped<THandler>();
        Registry.SlashCommands[Normalise(command)] = typeof(THandler);
        return this;
    }

    public SlackServiceConfiguration RegisterBlockActionHandler<TAction, THandler>(string actionId)
        where TAction : BlockAction
        where THandler : class, IBlockActionHandler<TAction>
    {
        Services.AddScoped<THandler>();
        Registry.BlockActions[actionId] = new BlockActionRegistration(typeof(TAction), typeof(THandler));
        return this;
    }

    public SlackServiceConfiguration RegisterViewSubmissionHandler<THandler>(string callbackId)
        where THandler : class, IViewSubmissionHandler
    {
        Services.AddScoped<THandler>();
        Registry.ViewSubmissions[callbackId] = typeof(THandler);
        return this;
    }

    public SlackServiceConfiguration RegisterBlockOptionProvider<TProvider>(string actionId)
        where TProvider : class, IBlockOptionProvider
    {
        Services.AddScoped<TProvider>();
        Registry.BlockOptionProviders[actionId] = typeof(TProvider);
        return this;
    }

    private static string Normalise(string command) => command.StartsWith('/') ? command : "/" + command;
}

internal sealed record EventHandlerRegistration(Type EventType, Type HandlerType);

internal sealed record BlockActionRegistration(Type ActionType, Type HandlerType);

/// <summary>Every handler registered through <see cref="SlackServiceConfiguration"/>; one per application.</summary>
internal sealed class SlackHandlerRegistry
{
    public List<EventHandlerRegistration> EventHandlers { get; } = [];

    public Dictionary<string, Type> SlashCommands { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, BlockActionRegistration> BlockActions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> ViewSubmissions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> BlockOptionProviders { get; } = new(StringComparer.Ordinal);
}
