using Microsoft.Extensions.DependencyInjection;
using SlackChampionBot.Slack.Events;
using SlackChampionBot.Slack.Interaction;

namespace SlackChampionBot.Slack.Extensions.DependencyInjection;

/// <summary>
/// What <c>services.AddSlackNet(c =&gt; …)</c> is told: tokens and handlers. Mirrors SlackNet's
/// ServiceCollectionSlackServiceConfiguration. Each Use… method also has an overload that reads the value from the
/// service provider when the host starts, so options bound from configuration (and changed by tests) are honoured.
/// </summary>
public sealed class ServiceCollectionSlackServiceConfiguration(IServiceCollection services)
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

    public ServiceCollectionSlackServiceConfiguration UseApiToken(string token) => UseApiToken(_ => token);

    public ServiceCollectionSlackServiceConfiguration UseApiToken(Func<IServiceProvider, string> token) =>
        Configure((o, sp) => o.ApiToken = token(sp));

    public ServiceCollectionSlackServiceConfiguration UseAppLevelToken(string? token) => UseAppLevelToken(_ => token);

    public ServiceCollectionSlackServiceConfiguration UseAppLevelToken(Func<IServiceProvider, string?> token) =>
        Configure((o, sp) => o.AppLevelToken = token(sp));

    public ServiceCollectionSlackServiceConfiguration UseSigningSecret(string? secret) => UseSigningSecret(_ => secret);

    public ServiceCollectionSlackServiceConfiguration UseSigningSecret(Func<IServiceProvider, string?> secret) =>
        Configure((o, sp) => o.SigningSecret = secret(sp));

    public ServiceCollectionSlackServiceConfiguration UseApiBaseUrl(Func<IServiceProvider, Uri> baseUrl) =>
        Configure((o, sp) => o.ApiBaseUrl = baseUrl(sp));

    public ServiceCollectionSlackServiceConfiguration UseSocketMode(bool useSocketMode = true) => UseSocketMode(_ => useSocketMode);

    public ServiceCollectionSlackServiceConfiguration UseSocketMode(Func<IServiceProvider, bool> useSocketMode) =>
        Configure((o, sp) => o.UseSocketMode = useSocketMode(sp));

    /// <summary>Any other adapter setting (connection count, body limit, …).</summary>
    public ServiceCollectionSlackServiceConfiguration Configure(Action<SlackAdapterOptions, IServiceProvider> configure)
    {
        _configure.Add(configure);
        return this;
    }

    public ServiceCollectionSlackServiceConfiguration RegisterEventHandler<TEvent, THandler>()
        where TEvent : Event
        where THandler : class, IEventHandler<TEvent>
    {
        Services.AddScoped<THandler>();
        Registry.EventHandlers.Add(new EventHandlerRegistration(typeof(TEvent), typeof(THandler)));
        return this;
    }

    public ServiceCollectionSlackServiceConfiguration RegisterSlashCommandHandler<THandler>(string command)
        where THandler : class, ISlashCommandHandler
    {
        Services.AddScoped<THandler>();
        Registry.SlashCommands[Normalise(command)] = typeof(THandler);
        return this;
    }

    public ServiceCollectionSlackServiceConfiguration RegisterBlockActionHandler<TAction, THandler>(string actionId)
        where TAction : BlockAction
        where THandler : class, IBlockActionHandler<TAction>
    {
        Services.AddScoped<THandler>();
        Registry.BlockActions[actionId] = new BlockActionRegistration(typeof(TAction), typeof(THandler));
        return this;
    }

    public ServiceCollectionSlackServiceConfiguration RegisterViewSubmissionHandler<THandler>(string callbackId)
        where THandler : class, IViewSubmissionHandler
    {
        Services.AddScoped<THandler>();
        Registry.ViewSubmissions[callbackId] = typeof(THandler);
        return this;
    }

    public ServiceCollectionSlackServiceConfiguration RegisterBlockOptionProvider<TProvider>(string actionId)
        where TProvider : class, IBlockOptionProvider
    {
        Services.AddScoped<TProvider>();
        Registry.BlockOptionProviders[actionId] = typeof(TProvider);
        return this;
    }

    private static string Normalise(string command) => command.StartsWith('/') ? command : "/" + command;
}
