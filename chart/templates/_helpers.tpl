{{/*
Helpers of the schemahook chart. Every helper takes the chart's context (.Values, .Release, .Chart), so an
application chart can call the public ones with the subchart's context: `.Subcharts.schemahook`.
*/}}

{{/* Chart name, or nameOverride. */}}
{{- define "schemahook.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name of every resource; 63 characters at most (DNS label). */}}
{{- define "schemahook.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Chart name and version, as the helm.sh/chart label wants them. */}}
{{- define "schemahook.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select the chart's pods. */}}
{{- define "schemahook.selectorLabels" -}}
app.kubernetes.io/name: {{ include "schemahook.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Standard labels of every resource, plus commonLabels (which cannot override the standard ones). */}}
{{- define "schemahook.labels" -}}
{{- $standard := dict
  "helm.sh/chart" (include "schemahook.chart" .)
  "app.kubernetes.io/name" (include "schemahook.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/managed-by" .Release.Service
  "app.kubernetes.io/part-of" (include "schemahook.name" .)
-}}
{{- with .Chart.AppVersion -}}
{{- $_ := set $standard "app.kubernetes.io/version" (toString .) -}}
{{- end -}}
{{- toYaml (merge $standard (.Values.commonLabels | default dict)) -}}
{{- end -}}

{{/* Labels of a resource of the given component. Takes (dict "context" $ "component" "migration" "extra" map). */}}
{{- define "schemahook.componentLabels" -}}
{{- $labels := include "schemahook.labels" .context | fromYaml -}}
{{- $_ := set $labels "app.kubernetes.io/component" .component -}}
{{- toYaml (merge $labels (.extra | default dict)) -}}
{{- end -}}

{{/* Name of the ServiceAccount the pods run as. */}}
{{- define "schemahook.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "schemahook.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret the chart creates for an inline password. */}}
{{- define "schemahook.secretName" -}}
{{- include "schemahook.fullname" . -}}
{{- end -}}

{{/*
Image reference: the registry from global.imageRegistry, else image.registry, else the one named in image.repository;
then the digest, else the tag (default: the chart's appVersion). The first part of image.repository is a registry
when it holds a dot or a colon or is localhost, as Docker reads references.
*/}}
{{- define "schemahook.image" -}}
{{- $image := .Values.image -}}
{{- $repository := $image.repository -}}
{{- $registry := coalesce ((.Values.global | default dict).imageRegistry) $image.registry -}}
{{- if $registry -}}
{{- $parts := splitList "/" $repository -}}
{{- $first := first $parts -}}
{{- if and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq "localhost" $first)) -}}
{{- $repository = rest $parts | join "/" -}}
{{- end -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .Chart.AppVersion $image.tag | toString) -}}
{{- end -}}
{{- end -}}

{{/* Pull secrets: global.imagePullSecrets (names or {name: ...}) then imagePullSecrets, each name once. */}}
{{- define "schemahook.imagePullSecrets" -}}
{{- $names := list -}}
{{- range concat ((.Values.global | default dict).imagePullSecrets | default list) (.Values.imagePullSecrets | default list) -}}
{{- $name := . -}}
{{- if kindIs "map" . -}}
{{- $name = .name -}}
{{- end -}}
{{- if $name -}}
{{- $names = append $names (toString $name) -}}
{{- end -}}
{{- end -}}
{{- range $names | uniq }}
- name: {{ . | quote }}
{{- end -}}
{{- end -}}

{{/*
Name of the migration Job. In `job` mode it ends in a hash of the Job's spec (image, settings, values), so a
changed spec makes a new Job instead of failing on an immutable one, and an unchanged spec keeps the name.
*/}}
{{- define "schemahook.jobName" -}}
{{- if eq .Values.migration.mode "job" -}}
{{- $hash := include "schemahook.jobSpec" . | sha256sum | trunc 10 -}}
{{- printf "%s-%s" (include "schemahook.fullname" . | trunc 52 | trimSuffix "-") $hash -}}
{{- else -}}
{{- include "schemahook.fullname" . -}}
{{- end -}}
{{- end -}}

{{/*
Annotations that run a resource before the application rolls out ("phase" "pre", the default) or after it
("phase" "post"), for the mode in migration.mode. Takes (dict "context" $ "prerequisite" true|false "phase" ...):
a prerequisite (ServiceAccount, Secret, Role) of a Job is created one weight earlier and always kept until the
next release, since the next run needs it again.
*/}}
{{- define "schemahook.hookAnnotations" -}}
{{- $values := .context.Values -}}
{{- $post := eq (.phase | default "pre") "post" -}}
{{- $weight := int $values.migration.hook.weight -}}
{{- $succeeded := and (not .prerequisite) (eq $values.migration.hook.deletePolicy "hook-succeeded") -}}
{{- if .prerequisite -}}
{{- $weight = sub $weight 1 -}}
{{- end -}}
{{- if eq $values.migration.mode "hook" -}}
helm.sh/hook: {{ ternary "post-install,post-upgrade" "pre-install,pre-upgrade" $post }}
helm.sh/hook-weight: {{ $weight | quote }}
helm.sh/hook-delete-policy: {{ ternary "before-hook-creation,hook-succeeded" "before-hook-creation" $succeeded }}
{{- if and (not .prerequisite) $values.migration.hook.outputLogPolicy }}
helm.sh/hook-output-log-policy: {{ $values.migration.hook.outputLogPolicy }}
{{- end }}
{{- else if eq $values.migration.mode "argocd" -}}
argocd.argoproj.io/hook: {{ ternary "PostSync" "PreSync" $post }}
argocd.argoproj.io/sync-wave: {{ $weight | quote }}
argocd.argoproj.io/hook-delete-policy: {{ ternary "BeforeHookCreation,HookSucceeded" "BeforeHookCreation" $succeeded }}
{{- end -}}
{{- end -}}

{{/*
Metadata annotations: the hook's, then the given extra ones, then commonAnnotations; the first one wins.
Takes the same dict as hookAnnotations, plus an optional "extra" map.
*/}}
{{- define "schemahook.annotations" -}}
{{- $annotations := include "schemahook.hookAnnotations" . | fromYaml | default dict -}}
{{- $annotations = merge $annotations (.extra | default dict) (.context.Values.commonAnnotations | default dict) -}}
{{- if $annotations -}}
{{- toYaml $annotations -}}
{{- end -}}
{{- end -}}

{{/* The runner's configuration as environment variables (see the runner's contract in the README). */}}
{{- define "schemahook.env" -}}
{{- $db := .Values.database -}}
{{- $secret := $db.existingSecret -}}
{{- $migration := .Values.migration -}}
{{- if $secret.urlKey }}
- name: SCHEMAHOOK_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.urlKey | quote }}
{{- else if $db.url }}
- name: SCHEMAHOOK_DB_URL
  value: {{ $db.url | quote }}
{{- else if $db.host }}
- name: PGHOST
  value: {{ $db.host | quote }}
- name: PGPORT
  value: {{ $db.port | toString | quote }}
{{- with $db.name }}
- name: PGDATABASE
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $secret.userKey }}
- name: SCHEMAHOOK_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.userKey | quote }}
{{- else if $db.user }}
- name: SCHEMAHOOK_DB_USER
  value: {{ $db.user | quote }}
{{- end }}
{{- if $secret.name }}
- name: SCHEMAHOOK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name | quote }}
      key: {{ $secret.passwordKey | quote }}
{{- else if $db.password }}
- name: SCHEMAHOOK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "schemahook.secretName" . | quote }}
      key: password
{{- end }}
{{- with $db.sslMode }}
- name: PGSSLMODE
  value: {{ . | quote }}
{{- end }}
{{- if $db.tls.caSecret }}
- name: PGSSLROOTCERT
  value: /etc/schemahook/tls/ca.crt
{{- end }}
- name: SCHEMAHOOK_WAIT_TIMEOUT
  value: {{ $db.waitTimeout | toString | quote }}
- name: SCHEMAHOOK_LOCATIONS
  value: {{ join "," $migration.locations | quote }}
{{- with $migration.schemas }}
- name: SCHEMAHOOK_SCHEMAS
  value: {{ join "," . | quote }}
{{- end }}
- name: SCHEMAHOOK_TABLE
  value: {{ $migration.table | quote }}
{{- with $migration.target }}
- name: SCHEMAHOOK_TARGET
  value: {{ . | toString | quote }}
{{- end }}
- name: SCHEMAHOOK_OUT_OF_ORDER
  value: {{ $migration.outOfOrder | toString | quote }}
- name: SCHEMAHOOK_BASELINE_ON_MIGRATE
  value: {{ $migration.baselineOnMigrate | toString | quote }}
{{- with $migration.baselineVersion }}
- name: SCHEMAHOOK_BASELINE_VERSION
  value: {{ . | toString | quote }}
{{- end }}
{{- range $name, $value := $migration.placeholders }}
- name: {{ printf "SCHEMAHOOK_PLACEHOLDER_%s" $name | quote }}
  value: {{ $value | toString | quote }}
{{- end }}
- name: SCHEMAHOOK_ON_FUTURE
  value: {{ $migration.onFuture | quote }}
- name: SCHEMAHOOK_OUTPUT
  value: {{ $migration.output | quote }}
- name: SCHEMAHOOK_LOG_FORMAT
  value: {{ $migration.logFormat | quote }}
- name: SCHEMAHOOK_LOCK_TIMEOUT
  value: {{ $migration.lockTimeout | toString | quote }}
- name: SCHEMAHOOK_STATEMENT_TIMEOUT
  value: {{ $migration.statementTimeout | toString | quote }}
- name: SCHEMAHOOK_LOCK_RETRIES
  value: {{ $migration.lockRetries | toString | quote }}
- name: SCHEMAHOOK_MIGRATION_LOCK_TIMEOUT
  value: {{ $migration.migrationLockTimeout | toString | quote }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes the runner's container mounts: a writable /tmp for the JVM, the CA, extraVolumes. */}}
{{- define "schemahook.volumes" -}}
- name: schemahook-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .Values.database.tls.caSecret }}
- name: schemahook-tls
  secret:
    secretName: {{ . | quote }}
    defaultMode: 0444
    items:
      - key: {{ $.Values.database.tls.caKey | quote }}
        path: ca.crt
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The runner's container, as one list item. Takes (dict "context" $ "name" "migrate" "args" (list "migrate")).
*/}}
{{- define "schemahook.container" -}}
{{- $values := .context.Values -}}
- name: {{ .name }}
  image: {{ include "schemahook.image" .context | quote }}
  imagePullPolicy: {{ $values.image.pullPolicy }}
  args:
    {{- toYaml .args | nindent 4 }}
  env:
    {{- include "schemahook.env" .context | trim | nindent 4 }}
  {{- with $values.extraEnvFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.securityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationMessagePath: /dev/termination-log
  terminationMessagePolicy: FallbackToLogsOnError
  volumeMounts:
    - name: schemahook-tmp
      mountPath: /tmp
    {{- if $values.database.tls.caSecret }}
    - name: schemahook-tls
      mountPath: /etc/schemahook/tls
      readOnly: true
    {{- end }}
    {{- with $values.extraVolumeMounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/*
Pod spec shared by the migration Jobs and the test pod. Takes (dict "context" $ "name" "migrate" "args" (list ...)),
optionally "initContainers" and "volumes": lists the post-deployment Job's rollout check adds before the user's own.
*/}}
{{- define "schemahook.podSpec" -}}
{{- $values := .context.Values -}}
serviceAccountName: {{ include "schemahook.serviceAccountName" .context }}
automountServiceAccountToken: {{ $values.serviceAccount.automountServiceAccountToken }}
restartPolicy: Never
terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
{{- with include "schemahook.imagePullSecrets" .context | trim }}
imagePullSecrets:
  {{- . | nindent 2 }}
{{- end }}
{{- with $values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- if $values.podSecurityContext.enabled }}
{{- with omit $values.podSecurityContext "enabled" }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if or .initContainers $values.extraInitContainers $values.sidecars }}
initContainers:
  {{- with .initContainers }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- with $values.extraInitContainers }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- range $values.sidecars }}
  {{- /* A native sidecar: Kubernetes stops it once the runner exits, so the Job completes. */}}
  {{- toYaml (list (merge (dict "restartPolicy" "Always") .)) | nindent 2 }}
  {{- end }}
{{- end }}
containers:
  {{- include "schemahook.container" . | nindent 2 }}
volumes:
  {{- include "schemahook.volumes" .context | nindent 2 }}
  {{- with .volumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Pod template metadata of the migration Job's pods. */}}
{{- define "schemahook.podMetadata" -}}
labels:
  {{- include "schemahook.componentLabels" (dict "context" . "component" "migration" "extra" .Values.podLabels) | nindent 2 }}
{{- with .Values.podAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Spec of the migration Job; its hash names the Job in `job` mode. With migration.postDeploy.enabled it runs the pre
phase only (`migrate --phase pre`) and the post-deployment Job runs the rest.
*/}}
{{- define "schemahook.jobSpec" -}}
{{- include "schemahook.phaseJobSpec" (dict "context" . "phase" (ternary "pre" "all" (eq (include "schemahook.postDeployEnabled" .) "true"))) -}}
{{- end -}}

{{/* "true" when the chart splits the migration into a pre and a post phase. */}}
{{- define "schemahook.postDeployEnabled" -}}
{{- toString (and .Values.migration.postDeploy.enabled true) -}}
{{- end -}}

{{/* Whether the post-deployment Job waits for the named workloads' rollouts: "true" or "false". */}}
{{- define "schemahook.rolloutCheckEnabled" -}}
{{- $postDeploy := .Values.migration.postDeploy -}}
{{- toString (and $postDeploy.enabled (ne .Values.migration.mode "job") $postDeploy.rolloutCheck.enabled) -}}
{{- end -}}

{{/*
Spec of a migration Job for one phase. Takes (dict "context" $ "phase" "all"|"pre"|"post"). Both phases share
everything (hardening, credentials, podFailurePolicy, resources); the post Job adds the rollout check before the
runner and that check's time to its deadline.
*/}}
{{- define "schemahook.phaseJobSpec" -}}
{{- $values := .context.Values -}}
{{- $job := $values.job -}}
{{- $check := and (eq .phase "post") (eq (include "schemahook.rolloutCheckEnabled" .context) "true") -}}
{{- $workloads := list -}}
{{- if $check -}}
{{- $workloads = include "schemahook.rolloutWorkloads" .context | fromYamlArray -}}
{{- end -}}
{{- $args := list "migrate" -}}
{{- if ne .phase "all" -}}
{{- $args = concat $args (list "--phase" .phase) -}}
{{- end -}}
backoffLimit: {{ $job.backoffLimit }}
activeDeadlineSeconds: {{ add $job.activeDeadlineSeconds (mul (len $workloads) (int64 $values.migration.postDeploy.rolloutCheck.timeoutSeconds)) }}
{{- if not (kindIs "invalid" $job.ttlSecondsAfterFinished) }}
ttlSecondsAfterFinished: {{ $job.ttlSecondsAfterFinished }}
{{- end }}
{{- if $job.podFailurePolicy.enabled }}
{{- /*
Kubernetes checks each rule's values: sorted, unique, no 0 with In, at most 255; at most 20 rules, the first match
wins (staging/src/k8s.io/api/batch/v1/types.go, PodFailurePolicyOnExitCodesRequirement and PodFailurePolicy).
*/}}
podFailurePolicy:
  rules:
    # A node drain or preemption is not the migration's fault: retry without counting it.
    - action: Ignore
      onPodConditions:
        - type: DisruptionTarget
          status: "True"
    # 1 migration failed, 2 usage or configuration error, 4 validation failed, 6 analyze found blocking
    # findings, 7 authentication or permission failure, 11 out of memory: the same image and values fail again.
    - action: FailJob
      onExitCodes:
        containerName: migrate
        operator: In
        values: [1, 2, 4, 6, 7, 11]
    # 3 database not reachable in time, 5 lock not acquired in time, 9 interrupted (SIGTERM, rolled back),
    # 10 connection lost (rolled back by the server): nothing is half-applied and a later try can succeed.
    - action: Count
      onExitCodes:
        containerName: migrate
        operator: In
        values: [3, 5, 9, 10]
    {{- range $workloads }}
    # kubectl rollout status failed (timed out, workload missing, access refused): the old pods may still
    # serve, so the runner never starts; a retry would wait the same way again.
    - action: FailJob
      onExitCodes:
        containerName: {{ .container }}
        operator: NotIn
        values: [0]
    {{- end }}
{{- end }}
template:
  metadata:
    {{- include "schemahook.podMetadata" .context | nindent 4 }}
  spec:
    {{- $pod := dict "context" .context "name" "migrate" "args" (concat $args $values.migration.extraArgs) -}}
    {{- if $check -}}
    {{- $_ := set $pod "initContainers" (include "schemahook.rolloutCheckContainers" .context | fromYamlArray) -}}
    {{- $_ = set $pod "volumes" (include "schemahook.rolloutCheckVolumes" .context | fromYamlArray) -}}
    {{- end }}
    {{- include "schemahook.podSpec" $pod | nindent 4 }}
{{- end -}}

{{/*
The workloads the post-deployment Job waits for, as a YAML list of {kind, resource, name, container}: the
Deployments, then the StatefulSets, each with the name of the init container that checks it.
*/}}
{{- define "schemahook.rolloutWorkloads" -}}
{{- $waitFor := .Values.migration.postDeploy.waitFor -}}
{{- $workloads := list -}}
{{- range $waitFor.deployments -}}
{{- $workloads = append $workloads (dict "kind" "Deployment" "resource" "deployments" "name" (tpl . $) "container" (printf "rollout-%d" (len $workloads))) -}}
{{- end -}}
{{- range $waitFor.statefulSets -}}
{{- $workloads = append $workloads (dict "kind" "StatefulSet" "resource" "statefulsets" "name" (tpl . $) "container" (printf "rollout-%d" (len $workloads))) -}}
{{- end -}}
{{- toYaml $workloads -}}
{{- end -}}

{{/* Image of the rollout check: registry/repository then the digest, else the tag. */}}
{{- define "schemahook.rolloutCheckImage" -}}
{{- $image := .Values.migration.postDeploy.rolloutCheck.image -}}
{{- $repository := $image.repository -}}
{{- with coalesce ((.Values.global | default dict).imageRegistry) $image.registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .) $repository -}}
{{- end -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (toString $image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
Init containers of the post-deployment Job, one per named workload, each `kubectl rollout status`. kubectl decides
"rolled out" from the controller's status: a Deployment once observedGeneration >= generation, updatedReplicas ==
spec.replicas, status.replicas == updatedReplicas (no pod of an old ReplicaSet left) and availableReplicas ==
updatedReplicas; a StatefulSet once readyReplicas and updatedReplicas reach spec.replicas (minus the partition); an
exceeded progress deadline or an OnDelete StatefulSet is an error (kubernetes/kubectl
pkg/polymorphichelpers/rollout_status.go at commit 53ef3abb, DeploymentStatusViewer.Status and
StatefulSetStatusViewer.Status). It gets the workload, then lists and watches it with
the field selector metadata.name=<name> (pkg/cmd/rollout/rollout_status.go, RolloutStatusOptions.Run, at commit
5be1f71c), which is what lets the Role name each workload in resourceNames. Only these containers mount the
service-account token; the runner never sees it.
*/}}
{{- define "schemahook.rolloutCheckContainers" -}}
{{- $values := .Values -}}
{{- $check := $values.migration.postDeploy.rolloutCheck -}}
{{- range include "schemahook.rolloutWorkloads" . | fromYamlArray }}
- name: {{ .container }}
  image: {{ include "schemahook.rolloutCheckImage" $ | quote }}
  imagePullPolicy: {{ $check.image.pullPolicy }}
  args:
    - rollout
    - status
    - {{ printf "%s/%s" .resource .name | quote }}
    - --namespace={{ $.Release.Namespace }}
    - --watch=true
    - --timeout={{ $check.timeoutSeconds }}s
    - --cache-dir=/tmp/kube-cache
  {{- with $check.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.securityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationMessagePath: /dev/termination-log
  terminationMessagePolicy: FallbackToLogsOnError
  volumeMounts:
    - name: rollout-check-tmp
      mountPath: /tmp
    - name: rollout-check-token
      mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      readOnly: true
{{- end }}
{{- end -}}

{{/*
Volumes of the rollout check: a writable /tmp for kubectl's cache and the same projected token, CA and namespace
the kubelet mounts for automountServiceAccountToken, here mounted into the check containers alone.
*/}}
{{- define "schemahook.rolloutCheckVolumes" -}}
- name: rollout-check-tmp
  emptyDir:
    sizeLimit: 16Mi
- name: rollout-check-token
  projected:
    defaultMode: 0444
    sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 3607
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
      - downwardAPI:
          items:
            - path: namespace
              fieldRef:
                apiVersion: v1
                fieldPath: metadata.namespace
{{- end -}}

{{/* Name of the post-deployment Job, and of the Role and RoleBinding of its rollout check. */}}
{{- define "schemahook.postDeployJobName" -}}
{{- printf "%s-post" (include "schemahook.fullname" . | trunc 58 | trimSuffix "-") -}}
{{- end -}}

{{- define "schemahook.rolloutCheckName" -}}
{{- printf "%s-rollout" (include "schemahook.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{/*
Init container for an application's pods that waits until the database holds every migration of the image
(`schemahook await`). Call it from the application chart with the subchart's context:
  initContainers:
    {{- include "schemahook.awaitInitContainer" .Subcharts.schemahook | nindent 4 }}
and add its volumes to the pod's volumes with "schemahook.awaitVolumes".
*/}}
{{- define "schemahook.awaitInitContainer" -}}
{{- include "schemahook.validateValues" . -}}
{{- include "schemahook.container" (dict "context" . "name" "schemahook-await" "args" (list "await" "--timeout" (toString .Values.await.timeout))) -}}
{{- end -}}

{{/* Volumes the await init container mounts, as list items for the application pod's volumes. */}}
{{- define "schemahook.awaitVolumes" -}}
{{- include "schemahook.volumes" . -}}
{{- end -}}

{{/*
Milliseconds of a duration as the runner reads it (src/main/java/dev/schemahook/config/Durations.java): 0, bare
seconds, parts such as 1h30m, 2d or 500ms, or ISO-8601 (PT2M, P1DT2H, PT1.5S); letters in either case, blanks around.
values.schema.json admits exactly those forms, so this only has to add them up. An amount of more than 12 digits
counts as 10^15 ms, far beyond any deadline, so the time budget refuses it instead of misreading it.
*/}}
{{- define "schemahook.durationMillis" -}}
{{- $text := regexReplaceAll "^[\\x00-\\x20]+|[\\x00-\\x20]+$" (toString .) "" | lower -}}
{{- $total := 0 -}}
{{- if regexMatch "^[0-9]+$" $text -}}
{{- $total = mul (include "schemahook.durationAmount" $text) 1000 -}}
{{- else if hasPrefix "p" $text -}}
{{- $units := dict "d" 86400000 "h" 3600000 "m" 60000 -}}
{{- range $unit, $millis := $units -}}
{{- with regexFind (printf "[-+]?[0-9]+%s" $unit) $text -}}
{{- $total = add $total (mul (include "schemahook.durationAmount" (trimSuffix $unit .)) $millis) -}}
{{- end -}}
{{- end -}}
{{- with regexFind "[-+]?[0-9]+([.,][0-9]*)?s" $text -}}
{{- $seconds := regexFind "^[-+]?[0-9]+" . -}}
{{- $fraction := printf "%s000" (regexReplaceAll "^[-+]?[0-9]+[.,]?([0-9]*)s$" . "${1}") | trunc 3 -}}
{{- $millis := add (mul (include "schemahook.durationAmount" $seconds) 1000) (include "schemahook.durationAmount" $fraction) -}}
{{- if hasPrefix "-" $seconds -}}
{{- $millis = sub (mul (include "schemahook.durationAmount" $seconds) 1000) (include "schemahook.durationAmount" $fraction) -}}
{{- end -}}
{{- $total = add $total $millis -}}
{{- end -}}
{{- else -}}
{{- $units := dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 "d" 86400000 -}}
{{- range regexFindAll "[0-9]+(ms|s|m|h|d)" $text -1 -}}
{{- $unit := regexFind "[a-z]+$" . -}}
{{- $total = add $total (mul (include "schemahook.durationAmount" (trimSuffix $unit .)) (get $units $unit)) -}}
{{- end -}}
{{- end -}}
{{- max $total 0 -}}
{{- end -}}

{{/* A signed decimal amount without leading zeros (int64 would read 010 as octal); 10^15 past 12 digits. */}}
{{- define "schemahook.durationAmount" -}}
{{- $sign := regexFind "^[-+]?" . -}}
{{- $digits := regexReplaceAll "^0+" (trimPrefix $sign .) "" | default "0" -}}
{{- if gt (len $digits) 12 -}}
{{- ternary "-1000000000000000" "1000000000000000" (eq $sign "-") -}}
{{- else -}}
{{- printf "%s%s" (ternary "-" "" (eq $sign "-")) $digits -}}
{{- end -}}
{{- end -}}

{{/*
The Job's time budget, in whole seconds, as a dict: the longest one try can wait before the runner reports an exit
code (the pod's start, the database wait, the migration lock, lock_timeout with its retries) and what all tries of
the Job need with Kubernetes' back-off between them. The retries mirror MigrationService.migrateRetryingOnLockTimeout:
retry n waits up to twice lockTimeout after a back-off of 2^(n-1) seconds, and no retry starts once waitTimeout has
passed since the migration began. The back-off between failed pods is 10s, doubling, at most 10 minutes
(DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff in Kubernetes' pkg/controller/job/job_controller.go).
*/}}
{{- define "schemahook.timeBudget" -}}
{{- $migration := .Values.migration -}}
{{- $wait := include "schemahook.durationMillis" .Values.database.waitTimeout | int64 -}}
{{- $migrationLock := include "schemahook.durationMillis" $migration.migrationLockTimeout | int64 -}}
{{- $lockTimeout := include "schemahook.durationMillis" $migration.lockTimeout | int64 -}}
{{- $retries := int64 $migration.lockRetries -}}
{{- $lockWait := $lockTimeout -}}
{{- $backoff := 1000 -}}
{{- range until (int (min $retries 40)) -}}
{{- $lockWait = add $lockWait $backoff (mul 2 $lockTimeout) -}}
{{- $backoff = mul $backoff 2 -}}
{{- end -}}
{{- $lockWait = min $lockWait (add $wait (mul 2 $lockTimeout)) -}}
{{- $tryMillis := add (mul (int64 .Values.job.podStartSeconds) 1000) $wait $migrationLock $lockWait -}}
{{- $try := div (add $tryMillis 999) 1000 -}}
{{- $tries := add (int64 .Values.job.backoffLimit) 1 -}}
{{- $backoffs := 0 -}}
{{- $delay := 10 -}}
{{- range until (int (min .Values.job.backoffLimit 1000)) -}}
{{- $backoffs = add $backoffs (min $delay 600) -}}
{{- $delay = min (mul $delay 2) 600 -}}
{{- end -}}
{{- toJson (dict "try" $try "tries" $tries "backoffs" $backoffs "total" (add (mul $try $tries) $backoffs)
  "wait" (div (add $wait 999) 1000) "migrationLock" (div (add $migrationLock 999) 1000)
  "lockWait" (div (add $lockWait 999) 1000)) -}}
{{- end -}}

{{/*
Fails the render once, naming every missing or contradictory value. values.schema.json refuses what one value
alone gets wrong (types, enums, patterns, minimums); this checks what values get wrong together.
*/}}
{{- define "schemahook.validateValues" -}}
{{- $problems := list -}}
{{- $db := .Values.database -}}
{{- $secret := $db.existingSecret -}}
{{- if not (or $db.url $db.host $secret.urlKey) -}}
{{- $problems = append $problems "no database configured: set database.url (or database.host, or database.existingSecret.urlKey with database.existingSecret.name)" -}}
{{- end -}}
{{- if and $db.url $db.host -}}
{{- $problems = append $problems "database.url and database.host are both set: set one of them" -}}
{{- end -}}
{{- if and $secret.urlKey $db.url -}}
{{- $problems = append $problems "database.url and database.existingSecret.urlKey are both set: set one of them" -}}
{{- end -}}
{{- if and $secret.urlKey $db.host -}}
{{- $problems = append $problems "database.host and database.existingSecret.urlKey are both set: set one of them" -}}
{{- end -}}
{{- if and $db.password $secret.name -}}
{{- $problems = append $problems "database.password and database.existingSecret.name are both set: keep database.existingSecret.name and remove database.password" -}}
{{- end -}}
{{- if and $secret.userKey $db.user -}}
{{- $problems = append $problems "database.user and database.existingSecret.userKey are both set: set one of them" -}}
{{- end -}}
{{- if and (or $secret.urlKey $secret.userKey) (not $secret.name) -}}
{{- $problems = append $problems "database.existingSecret.urlKey or userKey is set without database.existingSecret.name: set database.existingSecret.name" -}}
{{- end -}}
{{- if and $secret.name (not $secret.passwordKey) -}}
{{- $problems = append $problems "database.existingSecret.passwordKey is empty: set the key of the password in the Secret" -}}
{{- end -}}
{{- if and $db.tls.caSecret (not $db.tls.caKey) -}}
{{- $problems = append $problems "database.tls.caKey is empty: set the key of the CA certificate in database.tls.caSecret" -}}
{{- end -}}
{{- $job := .Values.job -}}
{{- $budget := include "schemahook.timeBudget" . | fromJson -}}
{{- if gt (int64 $budget.total) (int64 $job.activeDeadlineSeconds) -}}
{{- $problems = append $problems (printf "job.activeDeadlineSeconds %d is shorter than the time budget of %ds: %d tries (job.backoffLimit %d + 1) of up to %ds each plus %ds of Kubernetes' back-off between them, so an exit code such as 3 (database unreachable) or 5 (lock not acquired) could not be reported before the deadline. One try: job.podStartSeconds %d + database.waitTimeout %ds + migration.migrationLockTimeout %ds + %ds of lock_timeout retries (migration.lockTimeout %v, migration.lockRetries %d). Raise job.activeDeadlineSeconds to at least %d (and helm --timeout above it plus terminationGracePeriodSeconds), or lower job.backoffLimit, database.waitTimeout, migration.migrationLockTimeout, migration.lockTimeout or migration.lockRetries"
  (int64 $job.activeDeadlineSeconds) (int64 $budget.total) (int64 $budget.tries) (int64 $job.backoffLimit) (int64 $budget.try) (int64 $budget.backoffs)
  (int64 $job.podStartSeconds) (int64 $budget.wait) (int64 $budget.migrationLock) (int64 $budget.lockWait) .Values.migration.lockTimeout (int64 .Values.migration.lockRetries)
  (int64 $budget.total)) -}}
{{- end -}}
{{- $statementTimeout := include "schemahook.durationMillis" .Values.migration.statementTimeout | int64 -}}
{{- if and (gt $statementTimeout 0) (ge $statementTimeout (mul (sub (int64 $job.activeDeadlineSeconds) (int64 $job.podStartSeconds)) 1000)) -}}
{{- $problems = append $problems (printf "migration.statementTimeout %v can never fire: the Job's deadline (job.activeDeadlineSeconds %d minus job.podStartSeconds %d) ends first; lower migration.statementTimeout, set it to 0, or raise job.activeDeadlineSeconds" .Values.migration.statementTimeout (int64 $job.activeDeadlineSeconds) (int64 $job.podStartSeconds)) -}}
{{- end -}}
{{- $postDeploy := .Values.migration.postDeploy -}}
{{- if $postDeploy.enabled -}}
{{- range .Values.migration.extraArgs -}}
{{- if hasPrefix "--phase" (toString .) -}}
{{- $problems = append $problems (printf "migration.extraArgs holds %s while migration.postDeploy.enabled is set: the chart gives each Job its own --phase; remove it from migration.extraArgs" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- range .Values.extraEnv -}}
{{- if eq (toString .name) "SCHEMAHOOK_PHASE" -}}
{{- $problems = append $problems "extraEnv sets SCHEMAHOOK_PHASE while migration.postDeploy.enabled is set: the chart gives each Job its own --phase; remove it from extraEnv" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $postDeploy.enabled (ne .Values.migration.mode "job") $postDeploy.rolloutCheck.enabled -}}
{{- $waitFor := $postDeploy.waitFor -}}
{{- $count := add (len $waitFor.deployments) (len $waitFor.statefulSets) -}}
{{- if eq $count 0 -}}
{{- $problems = append $problems "migration.postDeploy.waitFor.deployments and migration.postDeploy.waitFor.statefulSets are empty: name the application's Deployments and StatefulSets, so the post phase waits until no pod of the previous release serves; or set migration.postDeploy.rolloutCheck.enabled=false only if you run helm with --wait (or Argo CD)" -}}
{{- end -}}
{{- if gt (int $count) 16 -}}
{{- $problems = append $problems (printf "migration.postDeploy.waitFor names %d workloads: at most 16 fit Kubernetes' 20 podFailurePolicy rules; name only the workloads that read the changed tables" (int $count)) -}}
{{- end -}}
{{- if eq (include "schemahook.serviceAccountName" .) "default" -}}
{{- $problems = append $problems "the rollout check would grant the namespace's default ServiceAccount read access to the workloads: set serviceAccount.create=true or serviceAccount.name" -}}
{{- end -}}
{{- end -}}
{{- $status := .Values.status -}}
{{- if $status.enabled -}}
{{- $own := $status.database -}}
{{- if and $status.snapshot.path $status.snapshot.configMap.name -}}
{{- $problems = append $problems "status.snapshot.path and status.snapshot.configMap.name are both set: set one of them" -}}
{{- end -}}
{{- if and $status.snapshot.configMap.name (not $status.snapshot.configMap.key) -}}
{{- $problems = append $problems "status.snapshot.configMap.key is empty: set the key of the snapshot in status.snapshot.configMap.name" -}}
{{- end -}}
{{- if and (or $own.user $own.existingSecret.userKey) (not $own.existingSecret.name) -}}
{{- $problems = append $problems "status.database.user or status.database.existingSecret.userKey is set without status.database.existingSecret.name: set the Secret holding that user's password" -}}
{{- end -}}
{{- if and $own.existingSecret.name (not (or $own.user $own.existingSecret.userKey)) -}}
{{- $problems = append $problems "status.database.existingSecret.name is set without a user: set status.database.existingSecret.userKey or status.database.user" -}}
{{- end -}}
{{- if and $own.user $own.existingSecret.userKey -}}
{{- $problems = append $problems "status.database.user and status.database.existingSecret.userKey are both set: set one of them" -}}
{{- end -}}
{{- if and $own.existingSecret.name (not $own.existingSecret.passwordKey) -}}
{{- $problems = append $problems "status.database.existingSecret.passwordKey is empty: set the key of the password in the Secret" -}}
{{- end -}}
{{- range $status.extraEnv -}}
{{- if has (toString .name) (list "SCHEMAHOOK_HTTP_PORT" "SCHEMAHOOK_HTTP_HOST") -}}
{{- $problems = append $problems (printf "status.extraEnv sets %s: the probes and the Service use status.port on all interfaces; set status.port instead" (toString .name)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n\nschemahook: %d invalid value(s):\n  - %s" (len $problems) (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}

{{/* Name of the status Deployment and Service. */}}
{{- define "schemahook.statusName" -}}
{{- printf "%s-status" (include "schemahook.fullname" . | trunc 56 | trimSuffix "-") -}}
{{- end -}}

{{/* Labels that select the status pods; the component keeps the migration Job's pods out. */}}
{{- define "schemahook.statusSelectorLabels" -}}
{{- include "schemahook.selectorLabels" . }}
app.kubernetes.io/component: status
{{- end -}}

{{/* Where the snapshot ConfigMap is mounted in the status container. */}}
{{- define "schemahook.statusSnapshotDir" -}}
/etc/schemahook/snapshot
{{- end -}}

{{/*
Environment of `schemahook serve`: the Job's connection (URL or host, TLS, locations, schemas, table) from
schemahook.env, then the service's own user and password when status.database.existingSecret.name is set, then the service's settings.
Only the variables serve reads are kept: the Job's migration settings and extraEnv stay with the Job.
*/}}
{{- define "schemahook.statusEnv" -}}
{{- $status := .Values.status -}}
{{- $own := $status.database -}}
{{- $ownSecret := $own.existingSecret -}}
{{- $keep := list "SCHEMAHOOK_DB_URL" "PGHOST" "PGPORT" "PGDATABASE" "PGSSLMODE" "PGSSLROOTCERT" "SCHEMAHOOK_LOCATIONS" "SCHEMAHOOK_SCHEMAS" "SCHEMAHOOK_TABLE" -}}
{{- if not $ownSecret.name -}}
{{- $keep = concat $keep (list "SCHEMAHOOK_DB_USER" "SCHEMAHOOK_DB_PASSWORD") -}}
{{- end -}}
{{- range include "schemahook.env" . | fromYamlArray }}
{{- if has .name $keep }}
{{ toYaml (list .) }}
{{- end }}
{{- end }}
{{- if $ownSecret.name }}
{{- if $ownSecret.userKey }}
- name: SCHEMAHOOK_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ $ownSecret.name | quote }}
      key: {{ $ownSecret.userKey | quote }}
{{- else }}
- name: SCHEMAHOOK_DB_USER
  value: {{ $own.user | quote }}
{{- end }}
- name: SCHEMAHOOK_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $ownSecret.name | quote }}
      key: {{ $ownSecret.passwordKey | quote }}
{{- end }}
- name: SCHEMAHOOK_HTTP_PORT
  value: {{ $status.port | toString | quote }}
- name: SCHEMAHOOK_REFRESH
  value: {{ $status.refresh | toString | quote }}
{{- if $status.snapshot.configMap.name }}
- name: SCHEMAHOOK_SNAPSHOT
  value: {{ printf "%s/%s" (include "schemahook.statusSnapshotDir" .) $status.snapshot.configMap.key | quote }}
{{- else if $status.snapshot.path }}
- name: SCHEMAHOOK_SNAPSHOT
  value: {{ $status.snapshot.path | quote }}
{{- end }}
{{- with $status.ignore }}
- name: SCHEMAHOOK_DRIFT_IGNORE
  value: {{ . | quote }}
{{- end }}
{{- with $status.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod spec of the status Deployment: the migration Job's hardening (service account, security contexts, read-only
root filesystem with an emptyDir /tmp, pull secrets, placement), a long-running container with probes on port http.
*/}}
{{- define "schemahook.statusPodSpec" -}}
{{- $values := .Values -}}
{{- $status := $values.status -}}
serviceAccountName: {{ include "schemahook.serviceAccountName" . }}
automountServiceAccountToken: {{ $values.serviceAccount.automountServiceAccountToken }}
terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
{{- with include "schemahook.imagePullSecrets" . | trim }}
imagePullSecrets:
  {{- . | nindent 2 }}
{{- end }}
{{- with $values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- if $values.podSecurityContext.enabled }}
{{- with omit $values.podSecurityContext "enabled" }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
containers:
  - name: status
    image: {{ include "schemahook.image" . | quote }}
    imagePullPolicy: {{ $values.image.pullPolicy }}
    {{- /* The image the Job runs (your migrations are in it) carries the serve application beside the runner, as a
    second executable, so that the runner itself has no HTTP extension (README, "Status service"). */}}
    command:
      - /usr/local/bin/schemahook-serve
    args:
      - serve
    ports:
      - name: http
        containerPort: {{ $status.port }}
        protocol: TCP
    env:
      {{- include "schemahook.statusEnv" . | trim | nindent 6 }}
    {{- with $status.resources }}
    resources:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $values.securityContext }}
    securityContext:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    livenessProbe:
      httpGet:
        path: /q/health/live
        port: http
      {{- toYaml $status.livenessProbe | nindent 6 }}
    readinessProbe:
      httpGet:
        path: /q/health/ready
        port: http
      {{- toYaml $status.readinessProbe | nindent 6 }}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: FallbackToLogsOnError
    volumeMounts:
      - name: schemahook-tmp
        mountPath: /tmp
      {{- if $values.database.tls.caSecret }}
      - name: schemahook-tls
        mountPath: /etc/schemahook/tls
        readOnly: true
      {{- end }}
      {{- if $status.snapshot.configMap.name }}
      - name: schemahook-snapshot
        mountPath: {{ include "schemahook.statusSnapshotDir" . }}
        readOnly: true
      {{- end }}
volumes:
  - name: schemahook-tmp
    emptyDir:
      sizeLimit: 64Mi
  {{- with $values.database.tls.caSecret }}
  - name: schemahook-tls
    secret:
      secretName: {{ . | quote }}
      defaultMode: 0444
      items:
        - key: {{ $values.database.tls.caKey | quote }}
          path: ca.crt
  {{- end }}
  {{- with $status.snapshot.configMap.name }}
  - name: schemahook-snapshot
    configMap:
      name: {{ . | quote }}
      defaultMode: 0444
      items:
        - key: {{ $status.snapshot.configMap.key | quote }}
          path: {{ $status.snapshot.configMap.key | quote }}
  {{- end }}
{{- end -}}

{{/* PromQL label matchers of the alerts: status.prometheusRule.selector, else the ServiceMonitor's namespace and service. */}}
{{- define "schemahook.statusSeriesSelector" -}}
{{- $selector := .Values.status.prometheusRule.selector -}}
{{- if $selector -}}
{{- $selector -}}
{{- else -}}
{{- printf "namespace=%s,service=%s" (.Release.Namespace | quote) (include "schemahook.statusName" . | quote) -}}
{{- end -}}
{{- end -}}
