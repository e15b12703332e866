using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using PartnerCms.Core.Liquid;
using PartnerCms.Tests.Infrastructure;
using PartnerCms.Workflows.Abstractions;
using PartnerCms.Workflows.Services;

namespace PartnerCms.Tests.Workflows;

/// <summary>
/// What every activity the modules contribute promises the editor and the runner: its errors name a setting it has (or
/// none), so the editor can put each beside its field; an event's payload is a record whose properties are what the
/// event's description offers as <c>event.*</c>.
/// </summary>
[Trait("Area", "Workflows")]
public sealed class ActivityContractTests : IAsyncLifetime
{
    private readonly PartnerCmsSite _site = new(TestDatabase.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Every_validation_error_names_a_setting_of_its_activity_or_the_activity_as_a_whole()
    {
        var checkedErrors = await _site.AsSystemAsync(sp =>
        {
            var catalog = sp.GetRequiredService<ActivityCatalog>();
            var context = new WorkflowValidationContext(sp.GetRequiredService<LiquidTemplateService>(), "contoso-partners");
            var count = 0;
            foreach (var activity in catalog.All)
            {
                // Empty settings, then every text setting set to a broken Liquid tag: both provoke errors.
                var broken = new System.Text.Json.Nodes.JsonObject();
                foreach (var field in ActivityFields.Of(activity.SettingsType).Where(f => f.Kind is FieldKind.Text or FieldKind.Liquid or FieldKind.LiquidMultiline or FieldKind.Role or FieldKind.Condition))
                {
                    broken[field.Name] = "{% if %}";
                }

                var properties = activity.SettingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var settings in new[] { new System.Text.Json.Nodes.JsonObject(), broken })
                {
                    foreach (var error in activity.Validate(activity.ReadSettings(settings), context))
                    {
                        Assert.True(error.Property.Length == 0 || properties.Contains(error.Property), $"{activity.Type}: the error '{error.Message}' names '{error.Property}', which is not one of its settings.");
                        Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{activity.Type}: an empty error message.");
                        count++;
                    }
                }
            }

            return Task.FromResult(count);
        });

        Assert.True(checkedErrors > 20, $"Only {checkedErrors} errors were provoked: the check would not notice a wrong field name.");
    }

    [Fact]
    public async Task Errors_are_put_beside_the_field_they_name_and_the_rest_stay_with_the_activity()
    {
        var byField = ActivityFields.ByField(typeof(PartnerCms.Mail.Workflows.SendEmailSettings),
            [new("Subject", "give a subject."), new("ToRole", "There is no role 'X'."), ActivityError.General("The activity is off."), new("Nonexistent", "Lost?")]);

        Assert.Equal(["Give a subject."], byField["subject"]);
        Assert.Equal(["There is no role 'X'."], byField["toRole"]);
        Assert.Equal(["The activity is off.", "Nonexistent: Lost?"], byField[string.Empty]);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_events_payload_gives_what_its_description_offers_as_event_fields()
    {
        var described = await _site.AsSystemAsync(sp =>
        {
            var events = sp.GetRequiredService<ActivityCatalog>().All.Where(a => a.IsEvent).ToList();
            var missing = new List<string>();
            foreach (var activity in events)
            {
                var payload = activity.GetType().BaseType!.GetGenericArguments()[^1];
                var names = payload.GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet(StringComparer.Ordinal);
                foreach (System.Text.RegularExpressions.Match offered in System.Text.RegularExpressions.Regex.Matches(activity.Description, @"event\.(\w+)"))
                {
                    if (!names.Contains(offered.Groups[1].Value))
                    {
                        missing.Add($"{activity.Type}: event.{offered.Groups[1].Value}");
                    }
                }
            }

            return Task.FromResult((events.Count, missing));
        });

        Assert.True(described.Count >= 10, $"{described.Count} events found.");
        Assert.Empty(described.missing);
    }
}
