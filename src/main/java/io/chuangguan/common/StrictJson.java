package io.chuangguan.common;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly, so that what the server acts on is exactly what the client sent: a key given
 * twice ({@code {"phone":"a","phone":"b"}}) is an error, not "the last one wins"; an enum is its name, not its
 * ordinal ({@code "mode": 1}) and not a name padded with spaces or control characters (Jackson trims those by
 * default); and no string carries a control character other than tab, line feed and carriage return (a NUL would
 * reach PostgreSQL, which refuses it with an error). Each refusal is a 400 problem naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        SimpleModule module = new SimpleModule("chuangguan-strict-json");
        module.addDeserializer(String.class, new CleanString());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                    BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactEnumName(type, deserializer);
            }
        });
        mapper.registerModule(module);
    }

    /** The first control character of {@code text} (other than tab, LF, CR), or -1. */
    public static int controlCharacterAt(CharSequence text, boolean allowLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !(allowLineBreaks && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    private static final class CleanString extends StdDeserializer<String> {

        CleanString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && controlCharacterAt(value, true) >= 0) {
                return (String) context.handleWeirdStringValue(String.class, value, "contains a control character");
            }
            return value;
        }
    }

    private static final class ExactEnumName extends StdDeserializer<Object> implements ContextualDeserializer {

        private final JsonDeserializer<?> names;

        ExactEnumName(JavaType type, JsonDeserializer<?> names) {
            super(type);
            this.names = names;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                if (!text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ')) {
                    return context.handleWeirdStringValue(handledType(), text, "is not one of the names");
                }
            }
            return names.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = names instanceof ContextualDeserializer c ? c.createContextual(context, property) : names;
            return contextual == names ? this : new ExactEnumName(context.constructType(handledType()), contextual);
        }
    }
}
