using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Organizations;

namespace PartnerCms.Core.Hosting;

/// <summary>
/// An operator's command run against the portal's database instead of serving requests, e.g.
/// <c>dotnet PartnerCms.Web.dll audit verify</c>. Modules contribute commands with <see cref="PortalCommands.AddPortalCommand{T}"/>.
/// </summary>
public interface IPortalCommand
{
    /// <summary>The words that name it, e.g. "audit verify".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Runs with the words after the name; returns the process's exit code (0: all is well).</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken);
}

public static class PortalCommands
{
    public static IServiceCollection AddPortalCommand<T>(this IServiceCollection services) where T : class, IPortalCommand =>
        services.AddScoped<IPortalCommand, T>();

    /// <summary>Leading words (not options) name a command; the rest (<c>--Key=value</c>) are settings.</summary>
    public static (string[] Command, string[] Settings) Split(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-') && !a.Contains('=')).ToArray();
        return (words, args[words.Length..]);
    }

    /// <summary>
    /// Runs the command the words name, as the system (every organization), without starting the server, its start-up
    /// work (migrations, recipes) or background jobs. Unknown words list the commands and return 2.
    /// </summary>
    public static async Task<int> RunPortalCommandAsync(this WebApplication app, string[] words, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetServices<IPortalCommand>().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var command = commands
            .Select(c => (Command: c, Words: c.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(c => c.Words.Length <= words.Length && c.Words.AsSpan().SequenceEqual(words.AsSpan(0, c.Words.Length), StringComparer.OrdinalIgnoreCase))
            .OrderByDescending(c => c.Words.Length)
            .FirstOrDefault();
        if (command.Command is null)
        {
            await error.WriteLineAsync($"Unknown command '{string.Join(' ', words)}'. Commands:");
            foreach (var known in commands)
            {
                await error.WriteLineAsync($"  {known.Name,-20} {known.Description}");
            }

            await error.WriteLineAsync("Without a command the portal serves requests.");
            return 2;
        }

        using var system = scope.ServiceProvider.GetRequiredService<ICurrentOrganization>().RunAsSystem();
        try
        {
            return await command.Command.RunAsync(words[command.Words.Length..], output, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            await error.WriteLineAsync($"'{command.Command.Name}' could not run: {ex.GetBaseException().Message}");
            return 1;
        }
    }
}
