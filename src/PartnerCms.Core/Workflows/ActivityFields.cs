using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartnerCms.Core.Workflows;

/// <summary>How the editor shows a setting; most follow from the property's type (bool, int, enum, TimeSpan).</summary>
public enum FieldKind
{
    Text,

    /// <summary>One line of Liquid output, e.g. <c>{{ event.acceptedBy }}</c>; parsed as it is typed.</summary>
    Liquid,

    /// <summary>Several lines of Liquid (a message body).</summary>
    LiquidMultiline,

    /// <summary>A Liquid expression that is true or false, e.g. <c>event.licences &gt; 10</c>.</summary>
    Condition,

    /// <summary>A role name of the organization (a list to choose from).</summary>
    Role,

    Url,
    Duration,
    Number,
    Boolean,
    Choice,
}

/// <summary>Labels a setting of an activity for its form in the editor.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FieldAttribute(string label) : Attribute
{
    public string Label { get; } = label;

    public string? Help { get; init; }

    /// <summary>Null: from the property's type (text for strings).</summary>
    public object? Kind { get; init; }

    public bool Required { get; init; }
}

/// <summary>One setting as the editor's form shows it: the JSON name, label, help, kind, default and choices.</summary>
public sealed record ActivityField(string Name, string Property, string Label, string? Help, FieldKind Kind, bool Required, JsonNode? Default, IReadOnlyList<string> Choices);

/// <summary>Builds an activity's settings form from its typed settings class (labels from <see cref="FieldAttribute"/>).</summary>
public static class ActivityFields
{
    private static readonly Dictionary<Type, IReadOnlyList<ActivityField>> Cache = [];

    public static IReadOnlyList<ActivityField> Of(Type settingsType)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(settingsType, out var known))
            {
                return known;
            }
        }

        var defaults = Activator.CreateInstance(settingsType);
        var fields = new List<ActivityField>();
        foreach (var property in settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
        {
            var attribute = property.GetCustomAttribute<FieldAttribute>();
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var kind = attribute?.Kind as FieldKind? ?? (type == typeof(bool) ? FieldKind.Boolean
                : type == typeof(int) || type == typeof(long) || type == typeof(double) ? FieldKind.Number
                : type == typeof(TimeSpan) ? FieldKind.Duration
                : type.IsEnum ? FieldKind.Choice
                : FieldKind.Text);
            var value = property.GetValue(defaults);
            fields.Add(new ActivityField(
                WorkflowJson.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name,
                property.Name,
                attribute?.Label ?? property.Name,
                attribute?.Help,
                kind,
                attribute?.Required ?? false,
                value is null ? null : JsonSerializer.SerializeToNode(value, property.PropertyType, WorkflowJson.Options),
                type.IsEnum ? Enum.GetNames(type) : []));
        }

        lock (Cache)
        {
            Cache[settingsType] = fields;
        }

        return fields;
    }

    /// <summary>
    /// Splits validation errors ("Field: message", as activities write them) by the setting they name; the rest (about the
    /// activity as a whole) under "".
    /// </summary>
    public static Dictionary<string, List<string>> ByField(Type settingsType, IEnumerable<string> errors)
    {
        var fields = Of(settingsType);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var colon = error.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon > 0 ? error[..colon].Trim() : string.Empty;
            var field = fields.FirstOrDefault(f => string.Equals(f.Property, prefix, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Label, prefix, StringComparison.OrdinalIgnoreCase));
            var key = field?.Name ?? string.Empty;
            (result.TryGetValue(key, out var list) ? list : result[key] = []).Add(field is null ? error : Sentence(error[(colon + 1)..].Trim()));
        }

        return result;
    }

    /// <summary>A message shown on its own beside its field starts as a sentence does.</summary>
    private static string Sentence(string message) =>
        message.Length > 0 && char.IsLower(message[0]) ? string.Concat(char.ToUpperInvariant(message[0]).ToString(), message[1..]) : message;
}
