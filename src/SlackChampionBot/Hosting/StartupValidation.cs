using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

/// <summary>
/// Checks every setting before the host starts, so that a bad setting stops the process with exit code 2 and one
/// line naming the key, instead of a stack trace.
/// </summary>
internal static partial class StartupValidation
{
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Returns the first configuration problem, or null when every option validates.</summary>
    public static string? FindProblem(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.FirstOrDefault() ?? ex.Message;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<OptionsValidationException>().Any())
        {
            return ex.InnerExceptions.OfType<OptionsValidationException>().First().Failures.FirstOrDefault();
        }
        catch (InvalidOperationException ex) when (UnconvertibleValue().Match(ex.Message) is { Success: true } match)
        {
            // The configuration binder could not read a value as its setting's type ("lots" for a number): one line
            // naming the key and what it takes, never the value (it may be a secret).
            return ConfigurationProblem.Malformed(match.Groups["key"].Value, match.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" => "use a whole number",
                "System.Boolean" => "use true or false",
                "System.Double" or "System.Decimal" => "use a number",
                "System.TimeSpan" => "use a duration such as 00:05:00",
                var type => $"use a value of type {type}",
            });
        }
    }

    /// <summary>The message of <c>ConfigurationBinder</c>'s conversion failure, which names the key and the target type.</summary>
    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<key>[^']+)' to type '(?<type>[^']+)'\.$", RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex UnconvertibleValue();
}
