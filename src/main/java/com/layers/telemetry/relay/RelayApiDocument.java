package com.layers.telemetry.relay;

import com.layers.telemetry.common.OpenApiContract;
import com.layers.telemetry.common.OpenApiContribution;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The relay's platforms in the document, from the adapters: {@code {destination}} and the deliveries' {@code destination}
 * filter as enums of their ids; each platform's fields on the destination (answer and body); and what each platform's
 * body needs, as one {@code <Name>DestinationFields} schema per platform that the body must match one of.
 */
// Looked up by OpenApiContract, never injected: kept although nothing injects it.
@Unremovable
@ApplicationScoped
class RelayApiDocument implements OpenApiContribution {
    private static final String SCHEMAS = "#/components/schemas/";
    private final Platforms platforms;

    RelayApiDocument(Platforms platforms) {
        this.platforms = platforms;
    }

    @Override
    public void contribute(OpenAPI api) {
        List<Object> ids = new ArrayList<>(
                platforms.all().stream().map(PlatformAdapter::id).toList());
        api.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().values().forEach(op -> {
                    if (op.getParameters() != null
                            && (path.contains("/destinations") || path.contains("/relay/deliveries"))) {
                        for (Parameter p : op.getParameters()) {
                            if ("destination".equals(p.getName())) {
                                p.schema(OASFactory.createSchema()
                                        .addType(Schema.SchemaType.STRING)
                                        .enumeration(ids));
                            }
                        }
                    }
                }));
        Schema view = api.getComponents().getSchemas().get("Destination");
        Schema body = api.getComponents().getSchemas().get("DestinationRequest");
        if (view == null || body == null) {
            return;
        }
        view.getProperties().get("destination").enumeration(ids);
        // A name mapped to null is never sent: the mapping's values may be null, in the body as in the answer.
        for (Schema schema : List.of(view, body)) {
            Schema values = schema.getProperties().get("eventMapping").getAdditionalPropertiesSchema();
            if (values != null && values.getType() != null && !values.getType().contains(Schema.SchemaType.NULL)) {
                values.addType(Schema.SchemaType.NULL);
            }
        }
        List<Schema> needs = new ArrayList<>();
        for (PlatformAdapter platform : platforms.all()) {
            List<PlatformAdapter.Field> fields = new ArrayList<>(List.of(platform.target()));
            fields.addAll(platform.optionalFields());
            for (PlatformAdapter.Field f : fields) {
                view.addProperty(
                        f.name(),
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .description(f.description() + " (" + platform.id() + " destinations only)")
                                .addExtension(OpenApiContract.OMITTED_WHEN_ABSENT, "true"));
                body.addProperty(
                        f.name(),
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .pattern(DestinationRequest.FIELD_PATTERN)
                                .description(f.description()));
            }
            String name = platform.displayName() + "DestinationFields";
            api.getComponents()
                    .addSchema(
                            name,
                            OASFactory.createSchema()
                                    .addType(Schema.SchemaType.OBJECT)
                                    .description("What a " + platform.id() + " destination needs")
                                    .required(List.of(platform.target().name(), "accessToken")));
            needs.add(OASFactory.createSchema().ref(SCHEMAS + name));
        }
        body.description(
                        "The fields every platform shares, and the platform's own; each platform needs its target and an "
                                + "access token (one of the *DestinationFields schemas)")
                .anyOf(needs);
    }
}
