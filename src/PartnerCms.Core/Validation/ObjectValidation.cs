using System.ComponentModel.DataAnnotations;

namespace PartnerCms.Core.Validation;

/// <summary>Runs an input model's data annotations outside MVC (recipes, services), so every entry point checks the same rules.</summary>
public static class ObjectValidation
{
    public static IReadOnlyList<string> Errors(object model, string prefix = "")
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
        var errors = results.Select(r => $"{prefix}{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();

        // Nested inputs (such as an address) are validated too, as MVC does for forms.
        foreach (var property in model.GetType().GetProperties().Where(p => IsNestedInput(p.PropertyType)))
        {
            if (property.GetValue(model) is { } nested)
            {
                errors.AddRange(Errors(nested, $"{prefix}{property.Name}."));
            }
        }

        return errors;
    }

    private static bool IsNestedInput(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("PartnerCms", StringComparison.Ordinal) == true;

    /// <summary>Trims every public string property; empty strings become null where the property allows it.</summary>
    public static T Trimmed<T>(T model) where T : class
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanRead && p.CanWrite))
        {
            if (property.GetValue(model) is string value)
            {
                property.SetValue(model, value.Trim());
            }
        }

        return model;
    }
}
