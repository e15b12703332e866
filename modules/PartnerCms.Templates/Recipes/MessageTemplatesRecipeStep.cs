using Microsoft.EntityFrameworkCore;
using PartnerCms.Core.Content;
using PartnerCms.Core.Data;
using PartnerCms.Core.Recipes;
using PartnerCms.Templates.Models;
using PartnerCms.Templates.Services;

namespace PartnerCms.Templates.Recipes;

/// <summary>
/// <c>{ "name": "message-templates", "defaults": [ { "kind", "subject", "body" } ] }</c>: the platform's default
/// templates, which every partner uses until it publishes its own. Re-running publishes the recipe's text again only
/// when it changed.
/// </summary>
[RecipeStep("message-templates")]
public sealed class MessageTemplatesRecipeStep(PartnerCmsDbContext db, MessageTemplateService templates) : IRecipeStepHandler
{
    public sealed record Step(string Name, List<Entry> Defaults);

    public sealed record Entry(string Kind, string Subject, string Body);

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == MessageTemplateService.PlatformOrganizationId, cancellationToken))
        {
            throw context.Error($"the platform organization '{MessageTemplateService.PlatformOrganizationId}' must exist first (setup recipe).");
        }

        foreach (var entry in context.Read<Step>().Defaults)
        {
            var kind = templates.Kind(entry.Kind) ?? throw context.Error($"unknown message template kind '{entry.Kind}'. Known: {string.Join(", ", templates.Kinds.Select(k => k.Name))}.");
            foreach (var (field, error) in templates.Check(entry.Subject, entry.Body))
            {
                throw context.Error($"default '{entry.Kind}', {field}: {error}");
            }

            if (kind.RequiresOfferLink && !MessageTemplateService.HasOfferLink(entry.Body))
            {
                throw context.Error($"default '{entry.Kind}' has no {{{{ offer.link }}}} in its body.");
            }

            var current = await templates.FindAsync(MessageTemplateService.PlatformOrganizationId, entry.Kind, VersionOptions.Latest, cancellationToken);
            var part = current?.Get<MessageTemplatePart>();
            if (part is not null && part.Subject == entry.Subject && part.Body == entry.Body && current!.Published)
            {
                continue;
            }

            var saved = await templates.SaveDraftAsync(MessageTemplateService.PlatformOrganizationId, entry.Kind, entry.Subject, entry.Body, current?.Version ?? 0, $"recipe:{context.RecipeName}", cancellationToken);
            var published = saved.Succeeded ? await templates.PublishAsync(MessageTemplateService.PlatformOrganizationId, entry.Kind, $"recipe:{context.RecipeName}", cancellationToken) : saved;
            if (!published.Succeeded)
            {
                throw context.Error($"default '{entry.Kind}': {string.Join(" ", published.Errors.Select(e => e.Error.ToString()))}");
            }
        }
    }
}
