{{/* Chart name. */}}
{{- define "budgethub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; services are <fullname>-<service>. */}}
{{- define "budgethub.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "budgethub.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "budgethub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: budgethub
{{- end -}}

{{/* Selector of one service's pods: (dict "root" $ "service" "auth") */}}
{{- define "budgethub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "budgethub.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* A configuration key as its environment variable: log.level → BUDGETHUB_LOG_LEVEL. */}}
{{- define "budgethub.envName" -}}
{{- printf "BUDGETHUB_%s" (. | upper | replace "." "_") -}}
{{- end -}}

{{- define "budgethub.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "budgethub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "budgethub.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "budgethub.kafkaClusterName" -}}
{{- default (printf "%s-kafka" (include "budgethub.fullname" .)) .Values.kafka.strimzi.clusterName -}}
{{- end -}}

{{- define "budgethub.pgClusterName" -}}
{{- default (printf "%s-pg" (include "budgethub.fullname" .)) .Values.postgresql.cloudnativepg.clusterName -}}
{{- end -}}

{{- define "budgethub.secretName" -}}
{{- default (printf "%s-secrets" (include "budgethub.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/*
The configuration every service shares, as a dict of configuration keys: what the chart derives (how the
services find each other and the brokers), overridden by .Values.config.
*/}}
{{- define "budgethub.sharedConfig" -}}
{{- $fullname := include "budgethub.fullname" . -}}
{{- $derived := dict "http.bind" "0.0.0.0" -}}
{{- range $name, $svc := .Values.services -}}
{{- $_ := set $derived (printf "%s.port" $name) ($svc.port | toString) -}}
{{- if ne $name "portal" -}}
{{- $_ := set $derived (printf "portal.%s_url" $name) (printf "http://%s-%s:%v" $fullname $name $svc.port) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $derived "security.jwks_url" (printf "http://%s-auth:%v/.well-known/jwks.json" $fullname .Values.services.auth.port) -}}
{{- if .Values.kafka.strimzi.enabled -}}
{{- $_ := set $derived "kafka.brokers" (printf "%s-kafka-bootstrap:9092" (include "budgethub.kafkaClusterName" .)) -}}
{{- else -}}
{{- $_ := set $derived "kafka.brokers" .Values.kafka.brokers -}}
{{- end -}}
{{- $merged := merge (deepCopy (default (dict) .Values.config)) $derived -}}
{{- toYaml $merged -}}
{{- end -}}
