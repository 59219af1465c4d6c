using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

internal static class SlackHosting
{
    /// <summary>
    /// The Slack adapter configured from the validated <c>Slack</c> section. Values are read from options when the
    /// host starts, so environment variables, appsettings.json and test overrides all apply.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration, Action<ServiceCollectionSlackServiceConfiguration> registerHandlers)
    {
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();

        services.AddSlackNet(c =>
        {
            c.UseApiToken(sp => Slack(sp).BotToken ?? string.Empty)
                .UseAppLevelToken(sp => Slack(sp).AppLevelToken)
                .UseSigningSecret(sp => Slack(sp).SigningSecret)
                .UseApiBaseUrl(sp => Slack(sp).ApiBaseUri)
                .UseSocketMode(sp => Slack(sp).UseSocketMode)
                .Configure((o, sp) =>
                {
                    var http = sp.GetRequiredService<IOptions<HttpServerOptions>>().Value;
                    o.MaxRequestBodyBytes = http.MaxRequestBodyBytes;
                    o.MaxBufferedBodyBytes = http.MaxBufferedBodyBytes;
                    o.RequestBodyTimeout = TimeSpan.FromSeconds(http.RequestBodyTimeoutSeconds);
                    o.DispatchConcurrency = Slack(sp).DispatchConcurrency;
                });
            registerHandlers(c);
        });
        return services;
    }

    private static SlackOptions Slack(IServiceProvider services) => services.GetRequiredService<IOptions<SlackOptions>>().Value;
}
