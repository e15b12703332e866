using System.Reflection;
using System.Text.Json;

namespace PartnerCms.Workflows.Abstractions;

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

    /// <summary>Errors by the JSON name of the setting they are about; those about the activity as a whole (or a property it has not) under "".</summary>
    public static Dictionary<string, List<string>> ByField(Type settingsType, IEnumerable<ActivityError> errors)
    {
        var fields = Of(settingsType);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var field = error.Property.Length == 0 ? null : fields.FirstOrDefault(f => string.Equals(f.Property, error.Property, StringComparison.Ordinal));
            var key = field?.Name ?? string.Empty;
            (result.TryGetValue(key, out var list) ? list : result[key] = []).Add(field is null ? error.ToString() : Sentence(error.Message));
        }

        return result;
    }

    /// <summary>A message shown on its own beside its field starts as a sentence does (a parser's message may not).</summary>
    private static string Sentence(string message) =>
        message.Length > 0 && char.IsLower(message[0]) ? string.Concat(char.ToUpperInvariant(message[0]).ToString(), message[1..]) : message;
}
